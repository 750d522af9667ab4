"""Firefox ESR and WebKitGTK (and Chromium) behind one small interface, for tests/test_other_browsers.py.

- Firefox ESR: Debian's firefox-esr, driven by npm puppeteer-core over WebDriver BiDi
  (tests/firefox_bridge.mjs); no geckodriver, nothing downloaded.
- WebKitGTK: Debian's WebKitWebDriver and MiniBrowser (--automation) through pip's
  Selenium with an explicit driver path (Selenium Manager never runs), on a virtual
  X screen (Xvfb). MiniBrowser has no headless mode.
- Chromium: Playwright, as in the rest of the suite.

WebKitWebDriver speaks no BiDi, so no engine here gets a script in before the page's
own: ``prelude_site`` serves a copy of the built site that puts a first script at the top of
every page's <head>. It pins the page's clock (``Date``) to a fixed local time, and
records uncaught errors and console.error calls in ``window.__atiErrors``.
"""

from __future__ import annotations

import contextlib
import json
import os
import pathlib
import shutil
import subprocess
import time

from support import ROOT, serve

FIREFOX = os.environ.get("FIREFOX_PATH", "/usr/bin/firefox-esr")
WEBKIT_DRIVER = "/usr/bin/WebKitWebDriver"
MINIBROWSER = next((str(p) for p in sorted(pathlib.Path("/usr/lib").glob("*/webkit2gtk-4.1/MiniBrowser"))),
                   "/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser")
XVFB = shutil.which("Xvfb")
NODE = shutil.which("node")


def missing(engine: str) -> str | None:
    """Why ``engine`` cannot run here, or None."""
    if engine == "firefox":
        if not os.path.exists(FIREFOX):
            return f"no Firefox ESR at {FIREFOX} (Debian: apt-get install firefox-esr)"
        if not NODE or not (ROOT / "node_modules" / "puppeteer-core").is_dir():
            return "no node or node_modules/puppeteer-core (python run.py test installs them)"
    if engine == "webkit":
        for path, package in ((WEBKIT_DRIVER, "webkit2gtk-driver"), (MINIBROWSER, "webkit2gtk-driver"), (XVFB, "xvfb")):
            if not path or not os.path.exists(path):
                return f"no {path or 'Xvfb'} (Debian: apt-get install {package})"
    return None


# ---------------------------------------------------------------------------
# The site, with a first script in every page


def prelude(year: int, month: int, day: int, hour: int, minute: int) -> str:
    """The first script of every page: a fixed local clock and an error recorder."""
    return """<script>(function () {
  var errors = window.__atiErrors = [];
  window.addEventListener("error", function (e) { errors.push("uncaught: " + (e.message || e)); });
  window.addEventListener("unhandledrejection", function (e) { errors.push("unhandled rejection: " + e.reason); });
  var consoleError = console.error;
  console.error = function () { errors.push([].map.call(arguments, String).join(" ")); return consoleError.apply(console, arguments); };
  var RealDate = Date, start = RealDate.now(), fixed = new RealDate(%d, %d, %d, %d, %d).getTime();
  function now() { return fixed + (RealDate.now() - start); }
  var FixedDate = function Date() {
    var a = [].slice.call(arguments);
    if (!(this instanceof FixedDate)) return new RealDate(now()).toString();
    return a.length ? new (Function.prototype.bind.apply(RealDate, [null].concat(a)))() : new RealDate(now());
  };
  FixedDate.prototype = RealDate.prototype;
  FixedDate.now = now;
  FixedDate.UTC = RealDate.UTC;
  FixedDate.parse = RealDate.parse;
  window.Date = FixedDate;
})();</script>""" % (year, month - 1, day, hour, minute)


@contextlib.contextmanager
def prelude_site(site: pathlib.Path, script: str, copy: pathlib.Path, built_for: str = ""):
    """Serve a copy of ``site`` with ``script`` first in every page's <head>; yields the base URL.

    ``built_for`` is the site_url the site was built with: the copy's pages and sitemap are moved
    to the copy's own address, because Material's instant navigation follows only links that
    match the sitemap (port included); otherwise every link here is a full page load.
    """
    shutil.copytree(site, copy)
    with serve(copy) as url:
        for page in [*copy.rglob("*.html"), *copy.glob("sitemap.xml")]:
            data = page.read_bytes()
            if page.suffix == ".html":
                data = data.replace(b"<head>", b"<head>" + script.encode("utf-8"), 1)
            if built_for:
                data = data.replace(built_for.encode("utf-8"), url.encode("utf-8"))
            page.write_bytes(data)
        yield url


# ---------------------------------------------------------------------------
# The engines: one interface


class Engine:
    """What a journey needs: open a page, run a script, click, type keys, take a screenshot."""

    name = ""
    downloads: pathlib.Path

    def js(self, body: str, *args):
        """Run a function body in the page (its arguments in ``args``) and return its value."""
        raise NotImplementedError

    def wait_for(self, body: str, *args, timeout: float = 15.0):
        """Poll ``body`` until it returns something truthy; fail with ``body`` after ``timeout`` seconds."""
        deadline = time.monotonic() + timeout
        while True:
            value = self.js(body, *args)
            if value:
                return value
            if time.monotonic() > deadline:
                where = self.js("const h = document.querySelector('h1');"
                                " return location.href + ', whose <h1> is ' + (h ? JSON.stringify(h.textContent) : 'missing');")
                raise AssertionError(f"{self.name}: still false after {timeout}s: {body}\n(the page is at {where})")
            time.sleep(0.1)

    def errors(self) -> list[str]:
        return self.js("return window.__atiErrors || ['the page has no error recorder'];")

    def fill(self, selector: str, text: str):
        """Click a box, select what it holds, and type ``text`` on the keyboard."""
        self.click(selector)
        self.js("const el = document.querySelector(args[0]); el.select ? el.select() : null;", selector)
        self.keys(text)


class Firefox(Engine):
    name = "firefox"

    def __init__(self, downloads: pathlib.Path):
        self.downloads = downloads
        self.proc = subprocess.Popen([NODE, str(ROOT / "tests" / "firefox_bridge.mjs"), str(downloads)], cwd=ROOT,
                                     stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, bufsize=1)

    def _call(self, cmd: str, *args):
        self.proc.stdin.write(json.dumps({"cmd": cmd, "args": list(args)}) + "\n")
        self.proc.stdin.flush()
        line = self.proc.stdout.readline()
        if not line:
            raise AssertionError(f"Firefox's bridge stopped (exit code {self.proc.poll()})")
        answer = json.loads(line)
        if not answer["ok"]:
            raise AssertionError(f"firefox: {cmd}{tuple(args)!r}: {answer['error']}")
        return answer["value"]

    def goto(self, url):
        self._call("goto", url)

    def js(self, body, *args):
        return self._call("js", body, list(args))

    def click(self, selector):
        self._call("click", selector)

    def keys(self, text):
        self._call("keys", text)

    def press(self, key):
        self._call("press", key)

    def paste(self):
        self._call("paste")

    def size(self, width, height):
        self._call("viewport", width, height)

    def screenshot(self, path):
        self._call("screenshot", str(path))

    def close(self):
        try:
            self.proc.stdin.write(json.dumps({"cmd": "quit"}) + "\n")
            self.proc.stdin.close()
            self.proc.wait(timeout=30)
        except (OSError, subprocess.TimeoutExpired):
            self.proc.kill()
            self.proc.wait()


@contextlib.contextmanager
def virtual_screen():
    """An Xvfb display for MiniBrowser; yields its DISPLAY value."""
    read, write = os.pipe()
    proc = subprocess.Popen([XVFB, "-displayfd", str(write), "-screen", "0", "1400x1000x24", "-nolisten", "tcp"],
                            pass_fds=(write,), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    os.close(write)
    try:
        with os.fdopen(read) as f:
            number = f.readline().strip()
        if not number:
            raise AssertionError("Xvfb did not start")
        yield f":{number}"
    finally:
        proc.terminate()
        proc.wait()


class WebKit(Engine):
    name = "webkit"
    KEYS = {"Enter": "\ue007", "Tab": "\ue004"}

    def __init__(self, home: pathlib.Path, display: str):
        from selenium import webdriver
        from selenium.webdriver.webkitgtk.options import Options
        from selenium.webdriver.remote.client_config import ClientConfig
        from selenium.webdriver.remote.remote_connection import RemoteConnection
        from selenium.webdriver.webkitgtk.service import Service

        # A throwaway HOME: downloads land in it (there is no XDG download folder), and a GTK stylesheet
        # lets MiniBrowser's window shrink to phone width (its toolbar keeps it above 447px otherwise).
        gtk = home / ".config" / "gtk-3.0"
        gtk.mkdir(parents=True, exist_ok=True)
        (gtk / "gtk.css").write_text("entry { min-width: 0; } button { min-width: 0; padding-left: 0; padding-right: 0; }\n",
                                     encoding="utf-8")
        self.downloads = home
        options = Options()
        options.binary_location = MINIBROWSER
        options.add_argument("--automation")
        env = {**os.environ, "HOME": str(home), "DISPLAY": display}
        for var in ("WAYLAND_DISPLAY", "XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME"):
            env.pop(var, None)
        # Not webdriver.WebKitGTK: it hands selenium the driver's address as a bare string, which selenium 4.51
        # warns is deprecated on every run (SeleniumHQ/selenium#14690 mended this for Chrome, Firefox and
        # Safari, not WebKitGTK). The same driver, started here and named through a ClientConfig.
        self.service = Service(executable_path=WEBKIT_DRIVER, env=env)
        self.service.start()
        try:
            self.driver = webdriver.Remote(RemoteConnection(client_config=ClientConfig(self.service.service_url)),
                                           options=options)
        except Exception:
            self.service.stop()
            raise

    def goto(self, url):
        self.driver.get(url)

    def js(self, body, *args):
        return self.driver.execute_script("var args = arguments[0];\n" + body, list(args))

    def click(self, selector):
        from selenium.webdriver.common.by import By

        el = self.driver.find_element(By.CSS_SELECTOR, selector)
        # Scrolled into view first: a click just below the fold sometimes fails otherwise.
        self.driver.execute_script("arguments[0].scrollIntoView({block: 'center'});", el)
        el.click()

    def keys(self, text):
        from selenium.webdriver.common.action_chains import ActionChains

        # A line break is the Enter key: WebKitWebDriver types a bare "\n" as nothing.
        ActionChains(self.driver).send_keys(text.replace("\n", self.KEYS["Enter"])).perform()

    def press(self, key):
        self.keys(self.KEYS.get(key, key))

    def paste(self):
        from selenium.webdriver.common.action_chains import ActionChains
        from selenium.webdriver.common.keys import Keys

        ActionChains(self.driver).key_down(Keys.CONTROL).send_keys("v").key_up(Keys.CONTROL).perform()

    def size(self, width, height):
        """Size the window so that innerWidth x innerHeight is width x height (measure, then adjust).

        The window manager applies a new size a moment later, so each measure waits until the page's
        size holds still; a frame never makes the window smaller than the page, so a measure that
        says otherwise (taken mid-resize on a busy machine) is taken again, not acted on."""
        import time

        def settled():
            last = None
            for _ in range(30):
                now = self.driver.execute_script("return [innerWidth, innerHeight];")
                if now == last:
                    return now
                last = now
                time.sleep(0.1)
            return last

        self.driver.set_window_size(width, height)
        inner = settled()
        for _ in range(6):
            if inner == [width, height]:
                return
            rect = self.driver.get_window_size()
            w, h = rect["width"] + width - inner[0], rect["height"] + height - inner[1]
            if w >= width and h >= height:
                self.driver.set_window_size(w, h)
            inner = settled()
        raise AssertionError(f"webkit: the page stays {inner[0]}x{inner[1]}, not {width}x{height}")

    def screenshot(self, path):
        self.driver.save_screenshot(str(path))

    def close(self):
        try:
            self.driver.quit()
        finally:
            self.service.stop()


class Chromium(Engine):
    """Playwright's Chromium, through the same interface."""

    name = "chromium"

    def __init__(self, browser, downloads: pathlib.Path):
        self.context = browser.new_context(accept_downloads=True)
        self.context.grant_permissions(["clipboard-read", "clipboard-write"])
        self.page = self.context.new_page()
        self.downloads = downloads
        self.page.on("download", lambda d: d.save_as(downloads / d.suggested_filename))

    def goto(self, url):
        self.page.goto(url)

    def js(self, body, *args):
        return self.page.evaluate("(args) => { " + body + " }", list(args))

    def click(self, selector):
        self.page.click(selector)

    def keys(self, text):
        self.page.keyboard.type(text)

    def press(self, key):
        self.page.keyboard.press(key)

    def paste(self):
        self.page.keyboard.press("Control+V")

    def size(self, width, height):
        self.page.set_viewport_size({"width": width, "height": height})

    def screenshot(self, path):
        self.page.screenshot(path=str(path))

    def close(self):
        self.context.close()


@contextlib.contextmanager
def open_engine(name: str, home: pathlib.Path, chromium=None):
    """One engine by name, closed afterwards: "chromium" (give a Playwright browser), "firefox" or "webkit"."""
    with contextlib.ExitStack() as stack:
        if name == "chromium":
            engine = Chromium(chromium, home)
        elif name == "firefox":
            engine = Firefox(home)
        else:
            engine = WebKit(home, stack.enter_context(virtual_screen()))
        stack.callback(engine.close)
        yield engine
