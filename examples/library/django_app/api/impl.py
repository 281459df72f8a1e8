"""The library's server functions, served by Django (see ../urls.py).

mizan-spec scaffolded this file once from ../../spec; it is ours now and regenerating
never touches it. Every method matches the interface in `interface.py` (mypy checks it,
and so does `build_registry` when the app starts). The data lives in `library.store`,
shared with the Django and decorator-first versions of this app.
"""

from __future__ import annotations

from typing import Annotated

from mizan_spec.runtime import Call
from pydantic import Field

from library.store import Store, owns_loan, shared_store, signed_in

from .interface import ReturnBookArgs
from .models import Book, Genre, Loan, Member, NewBook, Page, Review, Shelf, Stats


class Implementation:
    """The server functions of the library, on the shared in-memory store."""

    def __init__(self, store: Store | None = None) -> None:
        self.store = store if store is not None else shared_store()

    def add_book(self, call: Call, *, book: NewBook) -> Book:
        """Add a title to the catalogue."""
        return Book.model_validate(self.store.add_book(book.model_dump(mode="json")))

    def add_to_shelf(
        self,
        call: Call,
        *,
        shelf: Annotated[str, Field(min_length=1, max_length=40)],
        book_id: int,
    ) -> Shelf:
        """Put a book on one of the caller's shelves, creating the shelf if needed."""
        return Shelf.model_validate(self.store.shelve(signed_in(call.user), shelf, book_id))

    def book_reviews(self, call: Call, *, book_id: int) -> list[Review]:
        """The review threads of a book, oldest first."""
        return [Review.model_validate(r) for r in self.store.thread(book_id)]

    def borrow_book(self, call: Call, *, book_id: int) -> Loan:
        """Borrow a copy for 21 days (`invalid_args` if none is free)."""
        return Loan.model_validate(self.store.borrow(signed_in(call.user), book_id))

    def catalogue_stats(self, call: Call) -> Stats:
        """Counts for the front page."""
        return Stats.model_validate(self.store.stats())

    def delete_review(self, call: Call, *, review_id: int) -> None:
        """Remove a review and its replies."""
        self.store.delete_review(review_id)

    def featured_books(
        self,
        call: Call,
        *,
        limit: Annotated[int, Field(ge=1, le=20)] = 5,
    ) -> list[Book]:
        """Books with a copy on the shelf, newest first."""
        return [Book.model_validate(b) for b in self.store.featured(limit)]

    def get_book(self, call: Call, *, book_id: int) -> Book:
        """One book; `invalid_args` when there is no such book."""
        return Book.model_validate(self.store.book(book_id))

    def me(self, call: Call) -> Member:
        """The signed-in member."""
        return Member.model_validate(self.store.member(signed_in(call.user)))

    def my_loans(self, call: Call, *, include_returned: bool = False) -> list[Loan]:
        """The caller's loans, newest first."""
        loans = self.store.loans_of(signed_in(call.user).id, include_returned)
        return [Loan.model_validate(x) for x in loans]

    def my_shelves(self, call: Call) -> list[Shelf]:
        """The caller's reading lists, by name."""
        return [Shelf.model_validate(s) for s in self.store.shelves_of(signed_in(call.user).id)]

    def post_review(
        self,
        call: Call,
        *,
        book_id: int,
        text: Annotated[str, Field(min_length=1, max_length=2000)],
        rating: Annotated[int | None, Field(ge=1, le=5)] = None,
        reply_to: Annotated[int | None, Field(description="The review this one answers.")] = None,
    ) -> Review:
        """Review a book, or reply to a review (then without a rating)."""
        made = self.store.review(signed_in(call.user), book_id, text, rating, reply_to)
        return Review.model_validate(made)

    def return_book(self, call: Call, *, loan_id: int) -> Loan:
        """Return a borrowed copy."""
        return Loan.model_validate(self.store.give_back(loan_id))

    def search_books(
        self,
        call: Call,
        *,
        query: Annotated[str, Field(description="Words to find; empty: all.", max_length=100)] = "",
        genre: Genre | None = None,
        offset: Annotated[int, Field(ge=0)] = 0,
        limit: Annotated[int, Field(ge=1, le=50)] = 10,
    ) -> Page:
        """Search titles, authors and tags; results are ordered by title."""
        found = self.store.search(query, genre.value if genre else None, offset, limit)
        return Page.model_validate(found)

    def update_book(
        self,
        call: Call,
        *,
        book_id: int,
        title: Annotated[str | None, Field(min_length=1, max_length=200)] = None,
        tags: list[str] | None = None,
        copies: Annotated[int | None, Field(ge=0)] = None,
    ) -> Book:
        """Change a book's title, tags or number of copies; null leaves a field as it is."""
        return Book.model_validate(self.store.update_book(book_id, title, tags, copies))

    def owns_loan(self, call: Call, args: ReturnBookArgs) -> bool:
        """Auth predicate: the loan's borrower, or staff."""
        return owns_loan(call.user, args["loan_id"])
