"""The forms example served by FastAPI: the forms validate through pydantic."""
