"""Page views registered by the view layer, so a page model can route to them without importing it.

A Wagtail page is both a model and the entry point of its own URL (``serve``, routable-page routes,
``get_context``). When that view work needs the app's forms or services, which import the models,
the model would have to import upwards. Instead the page class owns a :class:`PageViews` registry;
the app's views module fills it in (``@QuestionIndexPage.page_views.register("ask")``) and is
imported by ``AppConfig.ready()``; the model only calls ``self.page_views.call("ask", self, request)``.
Imports then run one way: apps → views → forms/services → models.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.core.exceptions import ImproperlyConfigured

Handler = Callable[..., Any]


class PageViews:
    """Named handlers of one page type, each called as ``handler(page, request, *args, **kwargs)``."""

    def __init__(self, page_label: str) -> None:
        self.page_label = page_label
        self._handlers: dict[str, Handler] = {}

    def register(self, name: str) -> Callable[[Handler], Handler]:
        def decorator(handler: Handler) -> Handler:
            if self._handlers.get(name, handler) is not handler:
                raise ImproperlyConfigured(f"{self.page_label}: a view named {name!r} is already registered.")
            self._handlers[name] = handler
            return handler

        return decorator

    def names(self) -> frozenset[str]:
        return frozenset(self._handlers)

    def call(self, name: str, page, request, *args, **kwargs) -> Any:
        try:
            handler = self._handlers[name]
        except KeyError:
            raise ImproperlyConfigured(
                f"{self.page_label}: no view named {name!r} is registered "
                "(its views module is imported by the app's AppConfig.ready())."
            ) from None
        return handler(page, request, *args, **kwargs)
