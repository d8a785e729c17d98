#!/usr/bin/python3
"""The dashboard's first paint on loopback, in headless Chromium: the page loaded with a token
already in the tab's session (as after signing in), timed from navigation to the first
contentful paint and to the month's figures on screen. Prints the median of RUNS loads.

Usage: dashboard_paint.py URL TOKEN [RUNS]   (URL like http://127.0.0.1:18620)"""
import statistics
import sys

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.support.ui import WebDriverWait

url, token = sys.argv[1], sys.argv[2]
runs = int(sys.argv[3]) if len(sys.argv) > 3 else 10
options = webdriver.ChromeOptions()
options.binary_location = "/usr/bin/chromium"
for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1366,900"):
    options.add_argument(flag)
driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
try:
    driver.get(url + "/dashboard")
    driver.execute_script("sessionStorage.setItem('tk.dashboard.token', arguments[0]);", token)
    paints, figures = [], []
    for _ in range(runs):
        driver.get(url + "/dashboard")
        WebDriverWait(driver, 120).until(lambda d: d.execute_script(
            "const e = document.querySelector('[data-testid=kpi-opened]');"
            "return e && e.getAttribute('data-value') !== null && e.getAttribute('data-value') !== '';"))
        timing = driver.execute_script(
            "const paint = performance.getEntriesByName('first-contentful-paint')[0];"
            "return [paint ? paint.startTime : null, performance.now()];")
        paints.append(timing[0])
        # When the figures were written: the last report fetch's end stands for it.
        report = driver.execute_script(
            "const r = performance.getEntriesByType('resource').filter(e => e.name.includes('/reports/quality'));"
            "return r.length ? r[r.length - 1].responseEnd : null;")
        figures.append(report)
    print(f"first contentful paint ms (median of {runs}): {statistics.median(paints):.1f}")
    print(f"report answered, figures drawn after, ms (median of {runs}): {statistics.median(figures):.1f}")
finally:
    driver.quit()
