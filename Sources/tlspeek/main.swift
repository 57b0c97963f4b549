import TLS
print(OpenSSLLibrary.version)
