"""The library app written decorator-first: no spec, no generated code.

Plain pydantic models and `@client(...)` functions on the same store as the generated
apps. What it registers is exactly what `spec/` declares: `registry.export_ir()` is
byte for byte the IR of `mizan-spec ir examples/library/spec` (the tests check it).
Serve it like any registry:

    app.include_router(mizan_router(registry, authenticate=...))   # FastAPI
    path("api/mizan/", include(mizan_urls(registry)))              # Django
"""

from __future__ import annotations

import datetime
import enum
from typing import Annotated, Any

from mizan_spec.runtime import Call, Registry, client
from pydantic import BaseModel, Field

from library.store import owns_loan as loan_of_caller
from library.store import shared_store, signed_in

registry = Registry()
registry.register_context("global", doc="The front page: fetched once, for everyone.")
registry.register_context("user", doc="The signed-in member's own data.")

ISBN = r"^97[89][0-9]{10}$"


class Genre(enum.StrEnum):
    """The shelf a book is filed under."""

    fiction = "fiction"
    mystery = "mystery"
    science = "science"
    """Popular science and textbooks."""
    history = "history"
    poetry = "poetry"


class LoanStatus(enum.StrEnum):
    """Where a loan is in its life."""

    active = "active"
    returned = "returned"
    overdue = "overdue"
    """Active and past its due date."""


class Author(BaseModel):
    """A person who wrote at least one book in the catalogue."""

    id: int
    name: str = Field(min_length=1, max_length=120)
    born: int | None = Field(default=None, description="Year of birth, when known.")


class Series(BaseModel):
    """A series a book belongs to, and its place in it."""

    id: int
    name: str = Field(min_length=1)
    volume: int = Field(ge=1)


class Book(BaseModel):
    """A title in the catalogue."""

    id: int
    isbn: str = Field(pattern=ISBN, description="ISBN-13, digits only.")
    title: str = Field(min_length=1, max_length=200)
    authors: list[Author] = Field(min_length=1)
    genre: Genre
    series: Series | None = Field(default=None,
                                  description="The series, for books that belong to one.")
    tags: list[str]
    copies: int = Field(ge=0, description="Copies the library owns.")
    available: int = Field(ge=0, description="Copies on the shelf right now.")


class NewBook(BaseModel):
    """What staff enter to add a book."""

    isbn: str = Field(pattern=ISBN)
    title: str = Field(min_length=1, max_length=200)
    author_ids: list[int] = Field(min_length=1)
    genre: Genre
    series_id: int | None = None
    volume: int | None = Field(default=None, ge=1)
    tags: list[str] = Field(max_length=10)
    copies: int = Field(default=1, ge=1, le=100)


class Page(BaseModel):
    """One page of search results."""

    books: list[Book]
    total: int = Field(ge=0)
    next_offset: int | None = Field(
        default=None, description="Where the next page starts; null on the last page.")


class Review(BaseModel):
    """A review of a book, or a reply to one: a thread."""

    id: int
    book_id: int
    reviewer: str
    rating: int | None = Field(default=None, ge=1, le=5, description="Stars; replies carry none.")
    text: str
    posted: datetime.datetime
    replies: list[Review]


class Loan(BaseModel):
    """One copy of a book lent to a member."""

    id: int
    book: Book
    borrowed: datetime.date
    due: datetime.date
    status: LoanStatus


class Shelf(BaseModel):
    """A member's named reading list."""

    name: str = Field(min_length=1, max_length=40)
    books: list[Book]


class Member(BaseModel):
    """A signed-in member, as the library knows them."""

    id: str
    username: str
    is_staff: bool
    loans_allowed: int


class Stats(BaseModel):
    """Catalogue figures for the front page."""

    titles: int
    copies: int
    on_loan: int
    by_genre: dict[str, int]
    busiest: list[list[str]] = Field(
        description="Pairs of [title, times borrowed], most borrowed first.")


def owns_loan(call: Call, args: dict[str, Any]) -> bool:
    """The loan's borrower, or staff."""
    return loan_of_caller(call.user, int(args["loan_id"]))


# -- the catalogue --------------------------------------------------------------------


@client(context="global", registry=registry)
def catalogue_stats(call: Call) -> Stats:
    """Counts for the front page."""
    return Stats.model_validate(shared_store().stats())


@client(context="global", registry=registry)
def featured_books(call: Call, limit: Annotated[int, Field(ge=1, le=20)] = 5) -> list[Book]:
    """Books with a copy on the shelf, newest first."""
    return [Book.model_validate(b) for b in shared_store().featured(limit)]


@client(registry=registry)
def search_books(
    call: Call,
    query: Annotated[str, Field(max_length=100, description="Words to find; empty: all.")] = "",
    genre: Genre | None = None,
    offset: Annotated[int, Field(ge=0)] = 0,
    limit: Annotated[int, Field(ge=1, le=50)] = 10,
) -> Page:
    """Search titles, authors and tags; results are ordered by title."""
    found = shared_store().search(query, genre.value if genre else None, offset, limit)
    return Page.model_validate(found)


@client(registry=registry)
def get_book(call: Call, book_id: int) -> Book:
    """One book; `invalid_args` when there is no such book."""
    return Book.model_validate(shared_store().book(book_id))


@client(registry=registry)
def book_reviews(call: Call, book_id: int) -> list[Review]:
    """The review threads of a book, oldest first."""
    return [Review.model_validate(r) for r in shared_store().thread(book_id)]


@client(auth="staff", affects=["global", search_books], registry=registry)
def add_book(call: Call, book: NewBook) -> Book:
    """Add a title to the catalogue."""
    return Book.model_validate(shared_store().add_book(book.model_dump(mode="json")))


@client(auth="staff", rev=2, affects=["global", get_book, search_books], registry=registry)
def update_book(
    call: Call,
    book_id: int,
    title: Annotated[str | None, Field(min_length=1, max_length=200)] = None,
    tags: list[str] | None = None,
    copies: Annotated[int | None, Field(ge=0)] = None,
) -> Book:
    """Change a book's title, tags or number of copies; null leaves a field as it is."""
    return Book.model_validate(shared_store().update_book(book_id, title, tags, copies))


@client(auth="superuser", affects=[book_reviews], registry=registry)
def delete_review(call: Call, review_id: int) -> None:
    """Remove a review and its replies."""
    shared_store().delete_review(review_id)


# -- the signed-in member ---------------------------------------------------------------


@client(context="user", auth=True, registry=registry)
def me(call: Call) -> Member:
    """The signed-in member."""
    return Member.model_validate(shared_store().member(signed_in(call.user)))


@client(context="user", auth=True, registry=registry)
def my_loans(call: Call, include_returned: bool = False) -> list[Loan]:
    """The caller's loans, newest first."""
    loans = shared_store().loans_of(signed_in(call.user).id, include_returned)
    return [Loan.model_validate(x) for x in loans]


@client(context="user", auth=True, registry=registry)
def my_shelves(call: Call) -> list[Shelf]:
    """The caller's reading lists, by name."""
    return [Shelf.model_validate(s) for s in shared_store().shelves_of(signed_in(call.user).id)]


@client(auth=True, affects=["user", "global", get_book, search_books], registry=registry)
def borrow_book(call: Call, book_id: int) -> Loan:
    """Borrow a copy for 21 days (`invalid_args` if none is free)."""
    return Loan.model_validate(shared_store().borrow(signed_in(call.user), book_id))


@client(auth=owns_loan, affects=["user", "global", get_book, search_books], registry=registry)
def return_book(call: Call, loan_id: int) -> Loan:
    """Return a borrowed copy."""
    return Loan.model_validate(shared_store().give_back(loan_id))


@client(auth=True, affects=[my_shelves], registry=registry)
def add_to_shelf(call: Call, shelf: Annotated[str, Field(min_length=1, max_length=40)],
                 book_id: int) -> Shelf:
    """Put a book on one of the caller's shelves, creating the shelf if needed."""
    return Shelf.model_validate(shared_store().shelve(signed_in(call.user), shelf, book_id))


@client(auth=True, websocket=True, affects=[book_reviews], registry=registry)
def post_review(
    call: Call,
    book_id: int,
    text: Annotated[str, Field(min_length=1, max_length=2000)],
    rating: Annotated[int | None, Field(ge=1, le=5)] = None,
    reply_to: Annotated[int | None, Field(description="The review this one answers.")] = None,
) -> Review:
    """Review a book, or reply to a review (then without a rating)."""
    made = shared_store().review(signed_in(call.user), book_id, text, rating, reply_to)
    return Review.model_validate(made)
