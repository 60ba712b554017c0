"""`python -m bench` (`make bench`): calls/s, latency and CPU of the server under load."""
