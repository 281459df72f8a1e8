"""The forms example served by Django: the forms validate through the generated Django
forms (`api/forms.py`), which impl.py names."""
