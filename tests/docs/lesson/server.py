import socket

server_socket = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
server_socket.bind(('localhost', 12345))
server_socket.listen(1)
print("Server siap menerima koneksi...")

while True:
    client_socket, addr = server_socket.accept()
    print(f"Koneksi dari {addr}")
    data = client_socket.recv(1024).decode()
    print(f"Pesan dari client: {data}")
    client_socket.send("Pesan diterima server".encode())
    client_socket.close()
