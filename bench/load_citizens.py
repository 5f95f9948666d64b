"""Locust user of ``bench/load.py`` (run by it, headless): a citizen on one of the bench sites who
reads the home page, the news list and articles, filters the document register, searches the
province and now and then sends a question (form GET, then POST with its CSRF token). Sites and
hosts come from ``LOAD_SITES`` (JSON); each user has an address of its own (``X-Forwarded-For``
from 127.0.0.1, a trusted proxy), as citizens do, so the per-address limits count per citizen; a
user who has sent ``ASKED_PER_ADDRESS`` questions takes a new address (a no-think user stands for
many citizens, and a real one never sends that many), so the question limit is never what is
measured. Weights: reading (home, news, articles, the register) ten to one over a province search,
twenty to one over a question (two requests: the form, then the POST). Each task has a tag of its
own (``locust --tags home`` runs the home page alone; ``bench/load.py``'s ``TYPES`` maps them).
Think time ``LOAD_THINK`` is ``min-max`` seconds (``0`` for none). At the end ``LOAD_TALLY`` (JSON) receives the ``X-Page-Cache``
answer of each request (``tally``) and the epoch seconds the test started and stopped (``started``,
``stopped``: the span of the CPU figures)."""

from __future__ import annotations

import itertools
import json
import os
import random
import re
import time
from collections import Counter

from locust import between, events, tag, task
from locust.contrib.fasthttp import FastHttpUser

SITES = json.loads(os.environ.get("LOAD_SITES", "[]"))  # [{"host":…, "kind":…, "articles": n}]
PROVINCE = next((site["host"] for site in SITES if site["kind"] == "province"), SITES[0]["host"] if SITES else "")
THINK = [float(part) for part in os.environ.get("LOAD_THINK", "1-3").split("-")]  # min-max, or one value
ASKED_PER_ADDRESS = 4  # below the question limit of an address (5 in 10 min, participation.guard)
ADDRESS_BASE = int(os.environ.get("LOAD_ADDRESS_BASE", "10"))
WORDS = ["dat dai", "ho tich", "quyết định", "giao thông", "nông thôn", "văn hóa", "y tế", "giáo dục"]
FILTERS = ["?year=2025", "?status=in_force", "?year=2026&status=in_force", "?year=2024&sort=oldest", "?sort=newest"]
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
COOKIE = re.compile(r"csrftoken=([^;]+)")
_numbers = itertools.count(1)
tally: Counter = Counter()
span: dict[str, float] = {}

QUESTION = {
    "asker_kind": "individual",
    "asker_name": "Nguyễn Văn Bình",
    "asker_address": "Khu 5, xã Sơn Hùng",
    "asker_email": "binh.nguyen@example.vn",
    "asker_phone": "0912 345 678",
    "topic": "Đất đai",
    "title": "Hồ sơ tách thửa đất ở",
    "body": "Tôi muốn tách thửa đất ở cho con, cần giấy tờ gì?",
}


class Citizen(FastHttpUser):
    wait_time = between(THINK[0], THINK[-1])

    def on_start(self):
        self.address = new_address()
        self.asked = 0
        self.site = random.choice(SITES)

    def _get(self, name: str, path: str, host: str | None = None):
        headers = {"Host": host or self.site["host"], "X-Forwarded-For": self.address, "User-Agent": "Mozilla/5.0"}
        with self.client.get(path, headers=headers, name=name, catch_response=True) as response:
            tally[f"{name}|{response.headers.get('X-Page-Cache', '-')}"] += 1
            if response.status_code != 200:
                response.failure(f"{response.status_code}")
            return response

    @task(10)
    @tag("home")
    def home(self):
        self._get("home", "/")

    @task(6)
    @tag("news-list")
    def news_list(self):
        self._get("news list", "/tin-tuc/")

    @task(10)
    @tag("article")
    def article(self):
        self._get("news article", f"/tin-tuc/tin-{random.randint(1, self.site['articles'])}/")

    @task(6)
    @tag("documents")
    def documents(self):
        self._get("document search (filters)", f"/van-ban/{random.choice(FILTERS)}")

    @task(2)
    @tag("search")
    def province_search(self):
        self._get("province search", f"/tim-kiem/?q={random.choice(WORDS)}&scope=province", host=PROVINCE)

    @task(1)
    @tag("question")
    def question(self):
        form = self._get("Q&A form", "/hoi-dap/")
        token = TOKEN.search(form.text or "")
        cookie = COOKIE.search(form.headers.get("Set-Cookie", ""))
        if not token or not cookie:
            return
        headers = {
            "Host": self.site["host"],
            "X-Forwarded-For": self.address,
            "Cookie": f"csrftoken={cookie.group(1)}",
            "Content-Type": "application/x-www-form-urlencoded",
        }
        data = {**QUESTION, "csrfmiddlewaretoken": token.group(1)}
        self.asked += 1
        with self.client.post(
            "/hoi-dap/gui-cau-hoi/", data=data, headers=headers, name="Q&A submission", catch_response=True
        ) as response:
            tally[f"Q&A submission|{response.headers.get('X-Page-Cache', '-')}"] += 1
            if response.status_code != 200:
                response.failure(f"{response.status_code}")
        if self.asked % ASKED_PER_ADDRESS == 0:
            self.address = new_address()


def new_address() -> str:
    """An address of its own (the first octet is the run's ``LOAD_ADDRESS_BASE``)."""
    number = next(_numbers)
    return f"{ADDRESS_BASE}.{number // 250 % 250}.{number % 250}.{random.randint(1, 250)}"


@events.test_start.add_listener
def _started(environment, **_kwargs):
    span["started"] = time.time()


@events.test_stop.add_listener
def _stopped(environment, **_kwargs):
    span["stopped"] = time.time()


@events.quitting.add_listener
def _write_tally(environment, **_kwargs):
    path = os.environ.get("LOAD_TALLY")
    if path:
        with open(path, "w") as out:
            json.dump({"tally": dict(tally), **span}, out)
