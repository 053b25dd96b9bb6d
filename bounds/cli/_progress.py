"""A progress bar for slow commands, shown to a person only: on a terminal, after a delay.

Quick runs never show anything, and output meant for a program (`--json`, a pipe) never
has a bar.
"""
from __future__ import annotations

import sys
import time

#: A progress bar appears only after this many seconds (and only on a terminal); read from
#: this module each time a bar is set up.
PROGRESS_DELAY = 1.0


class ProgressBar:
    """A progress bar on stderr for a loop of slow steps, shown only once `delay` seconds have passed.

    A background thread creates the bar after the delay and refreshes it twice a second, so
    that the elapsed time keeps moving even while one long step runs (tqdm alone draws only
    when a step ends). Quick runs never show anything; the bar is erased when done.

    Examples
    --------
    >>> bar = ProgressBar(3, "example", delay=60.0)
    >>> bar.advance()
    >>> bar.close()
    >>> bar.done, bar.bar is None
    (1, True)
    """

    def __init__(self, total: int, desc: str, delay: float):
        import threading

        self.total, self.desc, self.done = total, desc, 0
        self.bar = None
        self._start = time.time()
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._thread = None
        if delay <= 0:
            self._show()
        else:
            self._thread = threading.Thread(target=self._tick, args=(delay,), daemon=True)
            self._thread.start()

    def _show(self):
        from tqdm import tqdm

        with self._lock:
            if self.bar is None and not self._stop.is_set():
                self.bar = tqdm(total=self.total, initial=self.done, desc=self.desc, file=sys.stderr, leave=False,
                                unit="row", dynamic_ncols=True)
                self.bar.start_t = self._start  # elapsed time since the run began
                self.bar.refresh()

    def _tick(self, delay):
        if self._stop.wait(delay):
            return
        self._show()
        while not self._stop.wait(0.5):
            with self._lock:
                if self.bar is not None:
                    self.bar.refresh()

    def advance(self):
        """One step done."""
        with self._lock:
            self.done += 1
            if self.bar is not None:
                self.bar.update(1)

    def close(self):
        """Stop the refreshing thread and erase the bar."""
        self._stop.set()
        if self._thread is not None:
            self._thread.join()
        with self._lock:
            if self.bar is not None:
                self.bar.close()
                self.bar = None


def progress(items, *, enabled: bool, desc: str):
    """Iterate `items`; on a terminal a progress bar appears after `PROGRESS_DELAY` seconds.

    Examples
    --------
    >>> list(progress([1, 2], enabled=False, desc="example"))
    [1, 2]
    """
    if not enabled:
        yield from items
        return
    items = list(items)
    bar = ProgressBar(len(items), desc, PROGRESS_DELAY)
    try:
        for item in items:
            yield item
            bar.advance()
    finally:
        bar.close()


def interactive(args) -> bool:
    """A progress bar is shown only to a person: both streams on a terminal, text output.

    Examples
    --------
    >>> import argparse
    >>> interactive(argparse.Namespace(json=True))
    False
    """
    if getattr(args, "json", False):
        return False
    try:
        return sys.stdout.isatty() and sys.stderr.isatty()
    except (AttributeError, ValueError):
        return False
