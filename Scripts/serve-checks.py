#!/usr/bin/env python3
"""Checks of `errata serve` by tools that are not ours (run by ServeToolsTests).

  serve-checks.py api BASE_URL TOKEN
      The OpenAPI document passes openapi-spec-validator, then schemathesis
      runs against the live server: no 5xx, every response matches the
      document (status, content type, headers, schema), schema-violating
      requests are refused, and the methods a path lacks get 405.

  serve-checks.py browser BASE_URL OUT_DIR ERROR_LINE
      Headless Chromium (Debian's, through selenium and chromedriver): the
      home page, search as you type, a results page, a record page, the
      match box with ERROR_LINE (an nginx error the reference record
      explains), and a phone-sized page; a screenshot of each in OUT_DIR.
"""
import json
import os
import subprocess
import sys
import tempfile
import urllib.request

REFERENCE = "nginx/ssl-certificate-verify-failed"


def api(base, token):
    from openapi_spec_validator import validate
    with urllib.request.urlopen(base + "/api/v1/openapi.json") as response:
        document = json.load(response)
    validate(document)
    print("openapi-spec-validator: valid OpenAPI", document["openapi"])
    checks = ",".join([
        "not_a_server_error", "status_code_conformance", "content_type_conformance",
        "response_headers_conformance", "response_schema_conformance", "negative_data_rejection",
        "unsupported_method", "use_after_free", "ensure_resource_availability",
    ])
    command = [
        os.path.join(os.path.dirname(sys.executable), "schemathesis"), "run", base + "/api/v1/openapi.json",
        "--checks", checks,
        # The coverage phase trips an internal error of hypothesis on Python 3.11
        # (an AST recursion-depth mismatch in its lambda printer), not of the server.
        "--phases", "examples,fuzzing,stateful",
        "--max-examples", os.environ.get("SCHEMATHESIS_EXAMPLES", "60"),
        "--seed", "1",
        "--header", "Authorization: Bearer " + token,
        "--workers", "2",
        "--no-color",
    ]
    # schemathesis writes a cache folder in its working directory: a scratch one.
    with tempfile.TemporaryDirectory() as scratch:
        return subprocess.run(command, cwd=scratch).returncode


def browser(base, out, error_line):
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as seen
    from selenium.webdriver.support.ui import WebDriverWait

    os.makedirs(out, exist_ok=True)
    options = webdriver.ChromeOptions()
    options.binary_location = "/usr/bin/chromium"
    for flag in ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1280,1000"]:
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
    wait = WebDriverWait(driver, 20)
    failures = []

    def check(condition, what):
        print(("ok   " if condition else "FAIL ") + what)
        if not condition:
            failures.append(what)

    def shot(name):
        driver.save_screenshot(os.path.join(out, name + ".png"))

    try:
        driver.get(base + "/")
        check("Known software errors" in driver.title, "home page title")
        shot("1-home")

        # Search as you type: the script fills the results box from the API.
        box = driver.find_element(By.NAME, "q")
        box.send_keys("certificate verify failed upstream")
        wait.until(seen.presence_of_element_located((By.CSS_SELECTOR, "#results ol.hits li a")))
        live = [a.text for a in driver.find_elements(By.CSS_SELECTOR, "#results ol.hits li a")]
        check(REFERENCE in live, "search as you type lists the reference record")
        shot("2-search-as-you-type")

        # The same form without the script: a results page.
        box.submit()
        wait.until(seen.presence_of_element_located((By.CSS_SELECTOR, "ol.hits")))
        check("/search?q=certificate+verify+failed+upstream" in driver.current_url, "the form goes to /search")
        first = driver.find_element(By.CSS_SELECTOR, "ol.hits li a")
        check(first.text == REFERENCE, "the reference record comes first on the results page")
        shot("3-results")

        first.click()
        wait.until(seen.presence_of_element_located((By.CSS_SELECTOR, "article.record")))
        text = driver.find_element(By.TAG_NAME, "main").text
        check(driver.current_url.endswith("/records/" + REFERENCE), "the record page is at /records/ID")
        check("DO NOT TRY" in text.upper() and "Try" in text and "Root cause" in text, "the record page has root cause, do not try, try")
        check("证书" in text, "the record page shows its Chinese text")
        shot("4-record")

        driver.get(base + "/match")
        driver.find_element(By.NAME, "text").send_keys(error_line)
        driver.find_element(By.CSS_SELECTOR, "form.match button").click()
        wait.until(seen.presence_of_element_located((By.CSS_SELECTOR, "article.record.hit")))
        hit = driver.find_element(By.CSS_SELECTOR, "article.record.hit h2 a")
        check(hit.text == REFERENCE, "pasting the nginx error shows the reference record first")
        shot("5-match")

        # A phone: nothing wider than the screen.
        driver.set_window_size(390, 844)
        driver.get(base + "/records/" + REFERENCE)
        overflow = driver.execute_script("return document.documentElement.scrollWidth - document.documentElement.clientWidth")
        check(overflow <= 0, "a record page fits a 390-pixel phone screen (overflow %s px)" % overflow)
        shot("6-phone-record")

        logs = driver.get_log("browser") if hasattr(driver, "get_log") else []
        blocked = [entry["message"] for entry in logs if "Content Security Policy" in entry.get("message", "")]
        check(not blocked, "no Content-Security-Policy violations: %s" % blocked)
    finally:
        driver.quit()
    return 1 if failures else 0


if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[1] == "api":
        sys.exit(api(sys.argv[2], sys.argv[3]))
    if len(sys.argv) == 5 and sys.argv[1] == "browser":
        sys.exit(browser(sys.argv[2], sys.argv[3], sys.argv[4]))
    sys.exit(__doc__)
