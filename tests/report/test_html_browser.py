"""The HTML page in a real headless Chromium (Debian's chromium and chromium-driver, selenium).

Outside CI the test skips when Chromium is not installed; under CI (``CI`` set) it fails instead,
so a missing browser never passes silently. .ci/run installs it. The screenshot goes to a
temporary directory, or to $SRMAP_SCREENSHOT_DIR when set (to look at it).
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from selenium import webdriver
from selenium.common.exceptions import NoAlertPresentException
from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.support.ui import Select

from srmap.model import Finding, Severity, Status
from srmap.report.html import render_html
from srmap.scan import ScanReport

ROOT = Path(__file__).resolve().parents[2]
HOSTILE = "<img src=x onerror=alert(1)>"
Webshop = Callable[[str], ScanReport]
CHROMIUM_FLAGS = (
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--window-size=1280,1600",
)


def _binaries() -> tuple[str, str]:
    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    driver = shutil.which("chromedriver")
    if browser is None or driver is None:
        message = "chromium and chromium-driver are needed (apt-get install chromium-driver)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return browser, driver


@pytest.fixture
def browser(tmp_path: Path) -> Iterator[WebDriver]:
    """A fresh headless Chromium with its own profile, logging the console."""
    binary, driver_path = _binaries()
    options = webdriver.ChromeOptions()
    options.binary_location = binary
    for flag in CHROMIUM_FLAGS:
        options.add_argument(flag)
    options.add_argument(f"--user-data-dir={tmp_path / 'profile'}")
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    service = webdriver.ChromeService(executable_path=driver_path)
    driver = webdriver.Chrome(options=options, service=service)
    try:
        yield driver
    finally:
        driver.quit()


def _open(driver: WebDriver, report: ScanReport, tmp_path: Path) -> None:
    page = tmp_path / "report.html"
    page.write_text(render_html(report, ROOT), encoding="utf-8")
    driver.get(page.as_uri())


def _severe_logs(driver: WebDriver) -> list[dict[str, object]]:
    logs = driver.get_log("browser")
    return [entry for entry in logs if entry["level"] == "SEVERE"]


def _hostile(report: ScanReport) -> ScanReport:
    first = next(f for f in report.result.findings if f.status is Status.FAIL)
    hostile = first._replace(resource=first.resource._replace(id=HOSTILE, name=HOSTILE))
    findings: tuple[Finding, ...] = (hostile, *report.result.findings[1:])
    return replace(report, result=replace(report.result, findings=findings))


def test_page_loads_renders_the_diagram_and_filters(
    browser: WebDriver, webshop: Webshop, tmp_path: Path
) -> None:
    """No console error, the diagram has a size, and severity=high leaves only high findings."""
    report = webshop("cfn")
    _open(browser, report, tmp_path)
    assert _severe_logs(browser) == []
    svg = browser.find_element(By.CSS_SELECTOR, "#diagram svg")
    assert svg.size["width"] > 300
    assert svg.size["height"] > 300
    bands = svg.find_elements(By.CSS_SELECTOR, "g.band")
    assert len(bands) == len(report.matrix.layers)
    findings = browser.find_elements(By.CSS_SELECTOR, "li.finding")
    assert sum(f.is_displayed() for f in findings) == len(report.result.findings)

    Select(browser.find_element(By.ID, "filter-severity")).select_by_value("high")
    visible = [f for f in findings if f.is_displayed()]
    high = [f for f in report.result.findings if f.severity is Severity.HIGH]
    assert len(visible) == len(high) > 0
    assert all("severity-high" in (f.get_attribute("class") or "") for f in visible)
    counter = browser.find_element(By.ID, "shown-count").text
    assert counter == f"{len(high)} of {len(findings)} findings shown"
    shot = Path(os.environ.get("SRMAP_SCREENSHOT_DIR", tmp_path)) / "webshop-cfn-high.png"
    assert browser.save_screenshot(str(shot))
    assert shot.stat().st_size > 10_000


def test_hostile_name_stays_text_in_the_browser(
    browser: WebDriver, webshop: Webshop, tmp_path: Path
) -> None:
    """A resource named like an img tag is shown as text: no img element, no alert, no error."""
    _open(browser, _hostile(webshop("cfn")), tmp_path)
    assert browser.find_elements(By.TAG_NAME, "img") == []
    with pytest.raises(NoAlertPresentException):
        _ = browser.switch_to.alert.text
    body = browser.find_element(By.TAG_NAME, "body").text
    assert HOSTILE in body
    assert _severe_logs(browser) == []
