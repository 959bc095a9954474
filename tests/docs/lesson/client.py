import socket

client_socket = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
client_socket.connect(('localhost', 12345))
client_socket.send("Halo server!".encode())
data = client_socket.recv(1024).decode()
print(f"Pesan dari server: {data}")
client_socket.close()
