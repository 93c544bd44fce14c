# Sourced by the scripts that drive the server's cached GET, so that they
# measure the same request: free_port, and the path and body of the one
# config they PUT and then GET.

free_port() {
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

path=/api/v1/configs/bench/model?env=production
payload='{"value":{"provider":"openai","model":"gpt-4o","temperature":0.7,"max_tokens":1024}}'
