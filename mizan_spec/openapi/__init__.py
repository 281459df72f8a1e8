"""OpenAPI 3.1 of the Mizan protocol as served for one IR (`document.py`): what
`mizan-spec openapi` writes, what the FastAPI router adds to the app's `/openapi.json`
and what the Django view serves."""
