"""The library's data: an in-memory store shared by every version of the app.

The FastAPI app, the Django app and the decorator-first app all serve the same functions
from this module. It speaks plain JSON-shaped dicts (each app validates them into its
own pydantic models) and raises the protocol's `invalid_args` for a request that cannot
be honoured (no such book, nothing left to borrow...).

The store is seeded with a small catalogue and lives as long as the process. Its clock
is the real one unless `LIBRARY_NOW` holds an ISO date-time: then it stands still at that
instant, which makes every answer reproducible (the tests and the demo use it).
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from functools import cache
from typing import Any

from mizan_spec.runtime import Principal, ProtocolError

JSON = dict[str, Any]

LOAN_DAYS = 21
MEMBERS = {
    # token -> who it signs in; the FastAPI app reads `Authorization: Bearer <token>`,
    # the Django app creates the same people as users (password = token).
    "ada-token": Principal("1", "ada"),
    "ben-token": Principal("2", "ben"),
    "sam-token": Principal("3", "sam", is_staff=True),
    "root-token": Principal("4", "root", is_staff=True, is_superuser=True),
}


def refuse(message: str) -> ProtocolError:
    return ProtocolError("invalid_args", message)


@dataclass
class _Book:
    id: int
    isbn: str
    title: str
    author_ids: list[int]
    genre: str
    series: tuple[int, int] | None  # (series id, volume)
    tags: list[str]
    copies: int


@dataclass
class _Loan:
    id: int
    book_id: int
    member_id: str
    borrowed: date
    returned: bool = False

    @property
    def due(self) -> date:
        return self.borrowed + timedelta(days=LOAN_DAYS)


@dataclass
class _Review:
    id: int
    book_id: int
    reviewer: str
    rating: int | None
    text: str
    posted: datetime
    reply_to: int | None


AUTHORS: dict[int, tuple[str, int | None]] = {
    1: ("Ursula K. Le Guin", 1929), 2: ("Terry Pratchett", 1948), 3: ("Agatha Christie", 1890),
    4: ("Carl Sagan", 1934), 5: ("Mary Beard", 1955), 6: ("Neil Gaiman", 1960),
    7: ("Anonymous", None),
}
SERIES = {1: "Earthsea", 2: "Discworld"}


def _seed_books() -> dict[int, _Book]:
    rows = [
        (1, "9780547773742", "A Wizard of Earthsea", [1], "fiction", (1, 1),
         ["fantasy", "classic"], 2),
        (2, "9781442459922", "The Tombs of Atuan", [1], "fiction", (1, 2), ["fantasy"], 1),
        (3, "9780060853983", "Good Omens", [2, 6], "fiction", None, ["comedy", "fantasy"], 3),
        (4, "9780062225740", "Guards! Guards!", [2], "fiction", (2, 8), ["comedy"], 1),
        (5, "9780062693662", "Murder on the Orient Express", [3], "mystery", None,
         ["classic", "train"], 2),
        (6, "9780345539434", "Cosmos", [4], "science", None, ["space"], 2),
        (7, "9781631492228", "SPQR", [5], "history", None, ["rome"], 1),
        (8, "9780393320978", "Beowulf", [7], "poetry", None, ["classic", "epic"], 1),
    ]
    return {r[0]: _Book(*r) for r in rows}


def clock_from_env() -> Callable[[], datetime]:
    frozen = os.environ.get("LIBRARY_NOW")
    if frozen:
        instant = datetime.fromisoformat(frozen)
        return lambda: instant
    return lambda: datetime.now(UTC).replace(microsecond=0)


@dataclass
class Store:
    """The catalogue, loans, shelves and reviews; every method is thread-safe."""

    now: Callable[[], datetime] = field(default_factory=clock_from_env)
    books: dict[int, _Book] = field(default_factory=_seed_books)
    loans: dict[int, _Loan] = field(default_factory=dict)
    reviews: dict[int, _Review] = field(default_factory=dict)
    shelves: dict[str, dict[str, list[int]]] = field(default_factory=dict)
    _lock: threading.RLock = field(default_factory=threading.RLock)

    def __post_init__(self) -> None:
        now = self.now()
        today = now.date()
        self.loans[1] = _Loan(1, 1, "1", today - timedelta(days=30))  # ada's, overdue
        self.loans[2] = _Loan(2, 3, "2", today - timedelta(days=50), returned=True)
        self.loans[3] = _Loan(3, 3, "2", today - timedelta(days=2))
        self.shelves["1"] = {"to read": [6, 7]}
        for r in (_Review(1, 1, "ada", 5, "A classic.", now - timedelta(days=3), None),
                  _Review(2, 1, "ben", None, "Agreed, and the sequel too.",
                          now - timedelta(days=2), 1),
                  _Review(3, 1, "sam", None, "Both right.", now - timedelta(days=1), 2),
                  _Review(4, 6, "ben", 4, "Billions of stars.", now - timedelta(days=1), None)):
            self.reviews[r.id] = r

    @contextmanager
    def _locked(self) -> Iterator[None]:
        with self._lock:
            yield

    # -- reading ---------------------------------------------------------------------

    def _book(self, book_id: int) -> _Book:
        found = self.books.get(book_id)
        if found is None:
            raise refuse(f"there is no book {book_id}")
        return found

    def _on_loan(self, book_id: int) -> int:
        return sum(1 for x in self.loans.values() if x.book_id == book_id and not x.returned)

    def _book_json(self, b: _Book) -> JSON:
        series = None
        if b.series is not None:
            series = {"id": b.series[0], "name": SERIES[b.series[0]], "volume": b.series[1]}
        return {"id": b.id, "isbn": b.isbn, "title": b.title,
                "authors": [{"id": a, "name": AUTHORS[a][0], "born": AUTHORS[a][1]}
                            for a in b.author_ids],
                "genre": b.genre, "series": series, "tags": list(b.tags), "copies": b.copies,
                "available": max(0, b.copies - self._on_loan(b.id))}

    def _loan_json(self, x: _Loan) -> JSON:
        status = "returned" if x.returned else (
            "overdue" if self.now().date() > x.due else "active")
        return {"id": x.id, "book": self._book_json(self.books[x.book_id]),
                "borrowed": x.borrowed.isoformat(), "due": x.due.isoformat(), "status": status}

    def _review_json(self, r: _Review) -> JSON:
        replies = [self._review_json(x) for x in sorted(self.reviews.values(),
                                                         key=lambda x: x.id)
                   if x.reply_to == r.id]
        return {"id": r.id, "book_id": r.book_id, "reviewer": r.reviewer, "rating": r.rating,
                "text": r.text, "posted": r.posted.isoformat(), "replies": replies}

    def book(self, book_id: int) -> JSON:
        with self._locked():
            return self._book_json(self._book(book_id))

    def stats(self) -> JSON:
        with self._locked():
            by_genre: dict[str, int] = {}
            for b in self.books.values():
                by_genre[b.genre] = by_genre.get(b.genre, 0) + 1
            counts: dict[int, int] = {}
            for x in self.loans.values():
                counts[x.book_id] = counts.get(x.book_id, 0) + 1
            busiest = sorted(counts.items(), key=lambda kv: (-kv[1], self.books[kv[0]].title))
            return {"titles": len(self.books),
                    "copies": sum(b.copies for b in self.books.values()),
                    "on_loan": sum(1 for x in self.loans.values() if not x.returned),
                    "by_genre": dict(sorted(by_genre.items())),
                    "busiest": [[self.books[i].title, str(n)] for i, n in busiest[:3]]}

    def featured(self, limit: int) -> list[JSON]:
        with self._locked():
            shown = [self._book_json(b) for b in sorted(self.books.values(),
                                                        key=lambda b: -b.id)]
            return [b for b in shown if b["available"] > 0][:limit]

    def search(self, query: str, genre: str | None, offset: int, limit: int) -> JSON:
        with self._locked():
            words = query.lower().split()
            found = []
            for b in sorted(self.books.values(), key=lambda b: (b.title.lower(), b.id)):
                text = " ".join([b.title, *(AUTHORS[a][0] for a in b.author_ids), *b.tags])
                if (genre is None or b.genre == genre) and all(w in text.lower() for w in words):
                    found.append(b)
            page = found[offset:offset + limit]
            after = offset + limit
            return {"books": [self._book_json(b) for b in page], "total": len(found),
                    "next_offset": after if after < len(found) else None}

    def thread(self, book_id: int) -> list[JSON]:
        with self._locked():
            self._book(book_id)
            return [self._review_json(r) for r in sorted(self.reviews.values(),
                                                         key=lambda r: r.id)
                    if r.book_id == book_id and r.reply_to is None]

    def member(self, who: Principal) -> JSON:
        return {"id": who.id, "username": who.username, "is_staff": who.is_staff,
                "loans_allowed": 10 if who.is_staff else 3}

    def loans_of(self, member_id: str, include_returned: bool) -> list[JSON]:
        with self._locked():
            return [self._loan_json(x) for x in sorted(self.loans.values(), key=lambda x: -x.id)
                    if x.member_id == member_id and (include_returned or not x.returned)]

    def shelves_of(self, member_id: str) -> list[JSON]:
        with self._locked():
            mine = self.shelves.get(member_id, {})
            return [{"name": name, "books": [self._book_json(self.books[i]) for i in ids]}
                    for name, ids in sorted(mine.items())]

    def loan_owner(self, loan_id: int) -> str | None:
        with self._locked():
            found = self.loans.get(loan_id)
            return found.member_id if found is not None else None

    # -- changing --------------------------------------------------------------------

    def add_book(self, new: JSON) -> JSON:
        with self._locked():
            if any(b.isbn == new["isbn"] for b in self.books.values()):
                raise refuse(f"ISBN {new['isbn']} is already in the catalogue")
            unknown = [a for a in new["author_ids"] if a not in AUTHORS]
            if unknown:
                raise refuse(f"no author {unknown[0]}")
            series = None
            if new["series_id"] is not None:
                if new["series_id"] not in SERIES:
                    raise refuse(f"no series {new['series_id']}")
                series = (new["series_id"], new["volume"] or 1)
            book = _Book(max(self.books) + 1, new["isbn"], new["title"], list(new["author_ids"]),
                         new["genre"], series, list(new["tags"]), new["copies"])
            self.books[book.id] = book
            return self._book_json(book)

    def update_book(self, book_id: int, title: str | None, tags: list[str] | None,
                    copies: int | None) -> JSON:
        with self._locked():
            book = self._book(book_id)
            if copies is not None and copies < self._on_loan(book_id):
                raise refuse(f"{self._on_loan(book_id)} copies are on loan")
            if title is not None:
                book.title = title
            if tags is not None:
                book.tags = list(tags)
            if copies is not None:
                book.copies = copies
            return self._book_json(book)

    def delete_review(self, review_id: int) -> None:
        with self._locked():
            if review_id not in self.reviews:
                raise refuse(f"there is no review {review_id}")
            doomed = {review_id}
            while True:
                more = {r.id for r in self.reviews.values() if r.reply_to in doomed} - doomed
                if not more:
                    break
                doomed |= more
            for i in doomed:
                del self.reviews[i]

    def borrow(self, who: Principal, book_id: int) -> JSON:
        with self._locked():
            book = self._book(book_id)
            mine = [x for x in self.loans.values() if x.member_id == who.id and not x.returned]
            if any(x.book_id == book_id for x in mine):
                raise refuse("you already have this book")
            if len(mine) >= self.member(who)["loans_allowed"]:
                raise refuse("you have borrowed as many books as you may")
            if self._on_loan(book_id) >= book.copies:
                raise refuse("every copy is out")
            loan = _Loan(max(self.loans) + 1, book_id, who.id, self.now().date())
            self.loans[loan.id] = loan
            return self._loan_json(loan)

    def give_back(self, loan_id: int) -> JSON:
        with self._locked():
            loan = self.loans.get(loan_id)
            if loan is None:
                raise refuse(f"there is no loan {loan_id}")
            if loan.returned:
                raise refuse("this loan was already returned")
            loan.returned = True
            return self._loan_json(loan)

    def shelve(self, who: Principal, shelf: str, book_id: int) -> JSON:
        with self._locked():
            self._book(book_id)
            ids = self.shelves.setdefault(who.id, {}).setdefault(shelf, [])
            if book_id not in ids:
                ids.append(book_id)
            return {"name": shelf, "books": [self._book_json(self.books[i]) for i in ids]}

    def review(self, who: Principal, book_id: int, text: str, rating: int | None,
               reply_to: int | None) -> JSON:
        with self._locked():
            self._book(book_id)
            if reply_to is not None:
                parent = self.reviews.get(reply_to)
                if parent is None or parent.book_id != book_id:
                    raise refuse(f"book {book_id} has no review {reply_to}")
                if rating is not None:
                    raise refuse("a reply carries no rating")
            elif rating is None:
                raise refuse("a review needs a rating")
            r = _Review(max(self.reviews, default=0) + 1, book_id, who.username, rating, text,
                        self.now(), reply_to)
            self.reviews[r.id] = r
            return self._review_json(r)


@cache
def shared_store() -> Store:
    """The store of this process (every app in it serves the same data)."""
    return Store()


def signed_in(who: Principal | None) -> Principal:
    """The caller of a function whose auth level already required a signed-in user."""
    if who is None:  # the runtime checks auth first; this only narrows the type
        raise ProtocolError("not_authenticated", "sign in to call this function")
    return who


def owns_loan(who: Principal | None, loan_id: int) -> bool:
    """The `owns_loan` predicate: the loan's borrower, or staff (an unknown loan passes,
    so that the function itself answers that there is no such loan)."""
    if who is None:
        return False
    owner = shared_store().loan_owner(loan_id)
    return who.is_staff or owner is None or owner == who.id
