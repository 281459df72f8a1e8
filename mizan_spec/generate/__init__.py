"""Generators: the IR to code (Python servers and clients, TypeScript clients)."""
