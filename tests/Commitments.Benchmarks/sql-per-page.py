#!/usr/bin/env python3
"""SQL statements, SQL time and server CPU per request, page by page (docs/performance.md,
"Commitment list, search and details at scale"). Figures that a busy machine distorts less than
wall-clock latency under load.

Starts the Release build of the application in the Benchmark environment with EF Core's command log
("Executed DbCommand", Information) as JSON lines with scopes, signs in, requests each page
--repeat times one after another, reads the server's CPU time (/proc/<pid>/stat) around each page,
and groups the logged statements by request.

usage: sql-per-page.py --repo DIR --port 5193 (--sqlite FILE | --postgres DBNAME) [--repeat 20]
       [--page name=url,role ...]  (roles: admin, partner.<id>, trekker.<code>)
       [--computed]  raise the data version before every request (as any save does), so that a
                     dashboard computes its figures instead of reading them from the cache (ADR-0022)
"""
import argparse, base64, sqlite3, hashlib, hmac, json, os, re, statistics, struct, subprocess, sys, time
import urllib.error, urllib.parse, urllib.request

PASSWORD = "Schaal-wachtwoord-2026"
TOTP_KEY = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


def totp(key, at, step=30):
    k = base64.b32decode(key)
    digest = hmac.new(k, struct.pack(">Q", int(at // step)), hashlib.sha1).digest()
    o = digest[-1] & 15
    return "%06d" % ((struct.unpack(">I", digest[o:o + 4])[0] & 0x7FFFFFFF) % 1000000)


class Browser:
    """Cookies kept by hand: the application's cookies are Secure (it runs behind TLS), and a cookie
    jar would not send them back over the loopback's plain http."""

    def __init__(self):
        self.cookies = {}

    def _send(self, request):
        request.add_header("Cookie", "; ".join(f"{k}={v}" for k, v in self.cookies.items()))
        try:
            response = urllib.request.build_opener(NoRedirect()).open(request)
        except urllib.error.HTTPError as e:
            response = e
        for header in response.headers.get_all("Set-Cookie") or []:
            name, value = header.split(";", 1)[0].split("=", 1)
            if value:
                self.cookies[name] = value
            else:
                self.cookies.pop(name, None)
        return response.status if hasattr(response, "status") else response.code, response.read().decode(errors="replace"), response.headers


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *a, **k):
        return None


def client():
    return Browser()


def get(browser, url):
    return browser._send(urllib.request.Request(urllib.parse.quote(url, safe=":/?&=%,")))


def post(browser, url, fields):
    return browser._send(urllib.request.Request(url, data=urllib.parse.urlencode(fields).encode()))


def token(html):
    m = re.search(r'name="__RequestVerificationToken" type="hidden" value="([^"]+)"', html)
    if m is None:
        sys.exit("no form on the page: " + html[:300])
    return m.group(1)


def sign_in(base, email, used_codes):
    o = client()
    _, html, _ = get(o, base + "/Account/Login")
    status, _, headers = post(o, base + "/Account/Login",
                              {"Form.Email": email, "Form.Password": PASSWORD, "__RequestVerificationToken": token(html)})
    location = headers.get("Location") or ""
    if "LoginWith2fa" in location:
        status, html, headers = get(o, urllib.parse.urljoin(base, location))
        if status != 200:
            sys.exit(f"two-factor page: {status} {headers.get('Location')}")
        while True:  # a code is accepted once: wait for the next one if it was used
            code = totp(TOTP_KEY, time.time())
            if code not in used_codes:
                break
            time.sleep(1)
        used_codes.add(code)
        status, _, headers = post(o, urllib.parse.urljoin(base, location),
                                  {"Code": code, "__RequestVerificationToken": token(html)})
        location = headers.get("Location") or ""
    if status != 302 or "Login" in location:
        sys.exit(f"sign-in of {email} failed: {status} {location}")
    return o


def raise_data_version(a):
    """What every save does (DataVersion.Summaries), written from outside the server."""
    if a.postgres:
        subprocess.run(["psql", "-h", "127.0.0.1", "-U", "postgres", "-d", a.postgres, "-qc",
                        'UPDATE "DataVersions" SET "Value" = "Value" + 1'],
                       env=dict(os.environ, PGPASSWORD="postgres"), check=True)
    else:
        with sqlite3.connect(a.sqlite) as db:
            db.execute('UPDATE "DataVersions" SET "Value" = "Value" + 1')


def cpu_ms(pid):
    fields = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) * 1000 / os.sysconf("SC_CLK_TCK")


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--repo", required=True)
    p.add_argument("--port", default="5193")
    p.add_argument("--sqlite")
    p.add_argument("--postgres")
    p.add_argument("--repeat", type=int, default=20)
    p.add_argument("--log", default="/tmp/sql-per-page.log")
    p.add_argument("--page", action="append", required=True, help="name=url,account")
    p.add_argument("--computed", action="store_true", help="raise the data version before every request")
    a = p.parse_args()
    base = f"http://127.0.0.1:{a.port}"
    env = dict(os.environ, ASPNETCORE_ENVIRONMENT="Benchmark", ASPNETCORE_URLS=base, Logging__LogLevel__Default="Warning",
               App__PublicBaseUrl="https://toezeggingen.example", AllowedHosts="*", Hangfire__ServerEnabled="false",
               RateLimiting__SignIn__PerAddress__PermitLimit="1000", RateLimiting__SignIn__PerAccount__PermitLimit="1000",
               Database__DataDirectory="/tmp", Logging__Console__FormatterName="json",
               Logging__Console__FormatterOptions__IncludeScopes="true",
               **{"Logging__LogLevel__Microsoft.EntityFrameworkCore.Database.Command": "Information"})
    if a.postgres:
        env["Database__Provider"] = "Postgres"
        env["ConnectionStrings__Commitments"] = f"Host=127.0.0.1;Username=postgres;Password=postgres;Database={a.postgres}"
    else:
        env["ConnectionStrings__Commitments"] = f"Data Source={a.sqlite}"
    web = os.path.join(a.repo, "src/Commitments.Web")
    log = open(a.log, "w")
    server = subprocess.Popen(["dotnet", os.path.join(web, "bin/Release/net10.0/Commitments.Web.dll"), "--contentRoot", web],
                              env=env, stdout=log, stderr=subprocess.STDOUT)
    try:
        for _ in range(120):
            try:
                if get(client(), base + "/health")[0] == 200:
                    break
            except OSError:
                pass
            time.sleep(1)
        browsers, used, cpu, marks = {}, set(), {}, []
        for spec in a.page:
            name, rest = spec.split("=", 1)
            url, account = rest.rsplit(",", 1)
            email = account + "@schaal.test"
            if email not in browsers:
                browsers[email] = sign_in(base, email, used)
            o = browsers[email]
            for _ in range(3):  # warm: compiled queries, caches
                status, _, _ = get(o, base + url)
                if status != 200:
                    sys.exit(f"{url}: {status}")
            time.sleep(0.3)
            marks.append((name, "start"))
            print(f"MARK start {name}", file=log, flush=True)
            spent = 0.0
            for _ in range(a.repeat):
                if a.computed:
                    raise_data_version(a)
                before = cpu_ms(server.pid)
                get(o, base + url)
                spent += cpu_ms(server.pid) - before
            cpu[name] = spent / a.repeat
            time.sleep(0.3)
            print(f"MARK end {name}", file=log, flush=True)
    finally:
        server.terminate()
        server.wait()
        log.close()
    # Group statements by request within each page's marks.
    current, requests = None, {}
    for line in open(a.log, errors="replace"):
        if line.startswith("MARK "):
            _, what, name = line.split()
            current = name if what == "start" else None
            continue
        if current is None or not line.startswith("{"):
            continue
        try:
            entry = json.loads(line)
        except ValueError:
            continue
        if entry.get("EventId") != 20101:  # RelationalEventId.CommandExecuted
            continue
        request = next((s.get("RequestId") for s in entry.get("Scopes", []) if isinstance(s, dict) and "RequestId" in s), None)
        elapsed = float(str(entry.get("State", {}).get("elapsed", "0")).replace(",", "."))
        r = requests.setdefault(current, {}).setdefault(request, [0, 0.0])
        r[0] += 1
        r[1] += elapsed
    print("| page | statements per request | SQL ms per request (median) | SQL ms (max) | server CPU ms per request |")
    print("|---|---:|---:|---:|---:|")
    for spec in a.page:
        name = spec.split("=", 1)[0]
        rs = list(requests.get(name, {}).values())
        counts = sorted({c for c, _ in rs})
        times = [t for _, t in rs]
        print(f"| {name} | {'/'.join(map(str, counts))} | {statistics.median(times):.1f} | {max(times):.1f} | {cpu[name]:.1f} |")


if __name__ == "__main__":
    main()
