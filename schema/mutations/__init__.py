"""Mutations: verb first, one `input: XInput!`, an `XPayload` with typed `errors`.

A resolver decodes the input, calls one service, and wraps the result (DESIGN §8).
"""
