"""The gRPC edge: status mapping, the call interceptor, and the servicer helpers."""
