using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using OtpNet;

namespace Commitments.Benchmarks;

/// <summary>
/// A load generator for a running application on the national scale data (docs/performance.md, "Load
/// run"): many virtual users, each signed in with its own session as one of the scale accounts, request
/// a mix of pages for their role without pause (a closed loop: as fast as the server answers). Reports
/// per page p50/p95/p99, requests per second and errors. Two phases:
/// <list type="bullet">
/// <item>mix: every user walks its role's page mix for the whole duration (what users feel under load);</item>
/// <item>pages: each page on its own for a short while, all users that may open it at once, so that its
/// throughput can be compared with the trivial baseline page (<c>/benchmark/baseline</c>, mapped only in
/// the Benchmark environment) measured the same way in the same run.</item>
/// </list>
/// The application must run in the "Benchmark" environment (ASPNETCORE_ENVIRONMENT=Benchmark) for the
/// baseline page. Cookies are kept by hand, so that a Secure session cookie is still sent over loopback http.
/// </summary>
public static partial class LoadRun
{
    private sealed record Role(string Name, string Email, string[] Pages);

    /// <summary>Page kinds; the URL of "details" and "deep" is found after sign-in.</summary>
    private static readonly Dictionary<string, string> Urls = new()
    {
        ["overview"] = "/",
        ["list"] = "/Commitments",
        ["list-filtered"] = "/Commitments?Status=Approved&Search=techniek",
        ["list-deep"] = "", // page 200 reached through the list's own "Volgende" links
        ["list-offset-200"] = "/Commitments?pagina=200",
        ["reviews"] = "/Reviews",
        ["not-reported"] = "/Progress/NotReported",
        ["dashboard"] = "/Regions/Overview",
        ["details"] = "", // one of the user's visible commitments, from its list
        ["progress-history"] = "", // that commitment's progress history
        ["baseline"] = "/benchmark/baseline", // a bare endpoint: no page, no layout
        ["baseline-page"] = "/Benchmark/Baseline", // the trivial page: the site's layout around one line
    };

    // A realistic mix: partners most, the lists and details most often; each role its own pages. Every
    // role also requests the baseline page, so it is measured under the same load.
    private static readonly string[] PartnerMix = ["overview", "overview", "list", "list", "list-filtered", "details", "details", "details", "progress-history", "baseline", "baseline-page"];
    private static readonly string[] LeadMix = ["overview", "list", "list-filtered", "reviews", "reviews", "not-reported", "dashboard", "details", "details", "progress-history", "baseline", "baseline-page"];
    private static readonly string[] AdminMix = ["overview", "list", "list-filtered", "list-deep", "reviews", "not-reported", "details", "details", "baseline", "baseline-page"];
    private static readonly string[] MinistryMix = ["overview", "list", "list-filtered", "list-deep", "not-reported", "not-reported", "dashboard", "details", "baseline", "baseline-page"];

    private static readonly string[] Regions = ["noord", "oost", "zuid", "noordwest", "zuidwest"];

    private sealed class User(Role role, HttpClient client, int seed)
    {
        public Role Role { get; } = role;
        public HttpClient Client { get; } = client;
        public Random Random { get; } = new(seed);
        public Dictionary<string, string> Cookies { get; } = [];
        public List<string> Details { get; } = [];
    }

    private sealed class Samples
    {
        public List<double> Milliseconds { get; } = [];
        public int Errors { get; set; }
        public List<string> ErrorExamples { get; } = [];
    }

    public static async Task<int> RunAsync(Dictionary<string, string> arguments)
    {
        var baseUrl = new Uri(arguments.GetValueOrDefault("--url", "http://127.0.0.1:5099"));
        var users = int.Parse(arguments.GetValueOrDefault("--users", "32"), CultureInfo.InvariantCulture);
        var duration = TimeSpan.FromSeconds(double.Parse(arguments.GetValueOrDefault("--duration", "60"), CultureInfo.InvariantCulture));
        var pageDuration = TimeSpan.FromSeconds(double.Parse(arguments.GetValueOrDefault("--page-duration", "8"), CultureInfo.InvariantCulture));
        var warmup = TimeSpan.FromSeconds(double.Parse(arguments.GetValueOrDefault("--warmup", "5"), CultureInfo.InvariantCulture));
        var password = arguments.GetValueOrDefault("--password", "Schaal-wachtwoord-2026");
        var totpKey = arguments.GetValueOrDefault("--totp-key");
        var serverPid = arguments.TryGetValue("--server-pid", out var pid) ? int.Parse(pid, CultureInfo.InvariantCulture) : (int?)null;
        var partners = int.Parse(arguments.GetValueOrDefault("--organisations", "2000"), CultureInfo.InvariantCulture);
        var phases = arguments.GetValueOrDefault("--phases", "mix,pages").Split(',');

        var roles = MakeRoles(users, partners);
        Console.WriteLine($"{baseUrl} — {users} users ({string.Join(", ", roles.GroupBy(r => r.Name).Select(g => $"{g.Count()} {g.Key}"))}), " +
                          $"mix {duration.TotalSeconds:0} s, each page alone {pageDuration.TotalSeconds:0} s");

        var handler = new SocketsHttpHandler
        {
            UseCookies = false, AllowAutoRedirect = false, MaxConnectionsPerServer = users * 2,
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
        };
        var signInWatch = Stopwatch.StartNew();
        var all = new List<User>();
        // Sign in a few at a time: each sign-in hashes a password (PBKDF2), which is not what is measured.
        foreach (var batch in roles.Select((r, i) => (r, i)).Chunk(4))
        {
            all.AddRange(await Task.WhenAll(batch.Select(async x =>
            {
                var user = new User(x.r, new HttpClient(handler, disposeHandler: false) { BaseAddress = baseUrl, Timeout = TimeSpan.FromSeconds(60) }, 1000 + x.i);
                await SignInAsync(user, password, totpKey);
                await FindDetailsAsync(user);
                return user;
            })));
        }
        Console.WriteLine($"signed in {all.Count} users in {signInWatch.Elapsed.TotalSeconds:0.0} s");
        if (all.Any(u => u.Role.Pages.Contains("list-deep")))
        {
            Urls["list-deep"] = await WalkToPageAsync(all.First(u => u.Role.Pages.Contains("list-deep")), 200);
            Console.WriteLine($"page 200 through the list's links: {Urls["list-deep"]}");
        }

        var failed = false;
        if (warmup > TimeSpan.Zero)
        {
            await RunPhaseAsync(all, warmup, u => u.Role.Pages);
        }
        if (phases.Contains("mix"))
        {
            var mix = await RunPhaseAsync(all, duration, u => u.Role.Pages);
            Console.WriteLine();
            Console.WriteLine($"## Mix, {users} users, {duration.TotalSeconds:0} s");
            failed |= Print(mix, duration, byRole: true);
        }
        if (phases.Contains("pages"))
        {
            var kinds = all.SelectMany(u => u.Role.Pages).Distinct().OrderBy(k => k.StartsWith("baseline", StringComparison.Ordinal) ? 0 : 1).ThenBy(k => k).ToList();
            var alone = new Dictionary<(string Role, string Page), Samples>();
            foreach (var kind in kinds.Append("baseline-page"))
            {
                // Every user that may open the page requests only it; the baseline twice (first and
                // last), so that drift of the machine's load during the run shows.
                var result = await RunPhaseAsync(all.Where(u => u.Role.Pages.Contains(kind)).ToList(), pageDuration, _ => [kind]);
                var label = alone.ContainsKey(("all", kind)) ? kind + " (again)" : kind;
                alone[("all", label)] = result.Values.Aggregate(new Samples(), (a, s) => Merge(a, s));
            }
            Console.WriteLine();
            Console.WriteLine($"## Each page alone, all users that may open it, {pageDuration.TotalSeconds:0} s each");
            // The target compares each page with the trivial page of the same application (the layout
            // around one line); the bare endpoint's rate is printed as well, for what the pipeline costs.
            failed |= Print(alone, pageDuration, byRole: false, relativeTo: "baseline-page");
        }
        if (serverPid is { } id && File.Exists($"/proc/{id}/status"))
        {
            var status = await File.ReadAllLinesAsync($"/proc/{id}/status");
            Console.WriteLine();
            Console.WriteLine($"server {id}: {string.Join(", ", status.Where(l => l.StartsWith("VmHWM") || l.StartsWith("VmRSS")).Select(l => Regex.Replace(l, @"\s+", " ")))}");
        }
        return failed ? 2 : 0;
    }

    private static Samples Merge(Samples? a, Samples b)
    {
        if (a is null)
        {
            return b;
        }
        a.Milliseconds.AddRange(b.Milliseconds);
        a.Errors += b.Errors;
        a.ErrorExamples.AddRange(b.ErrorExamples);
        return a;
    }

    /// <summary>Of N users: about half partners (different organisations, the busiest among them), then leads, administrators and ministry.</summary>
    private static List<Role> MakeRoles(int users, int organisations)
    {
        var roles = new List<Role>();
        // Organisation 236 leads the most commitments at scale 1; the rest spread over all organisations
        // (1-12 are the provinces).
        var partnerIds = new[] { 236 }.Concat(Enumerable.Range(0, users).Select(i => 13 + (i * 397 % (organisations - 13)))).Distinct().GetEnumerator();
        for (var i = 0; i < users; i++)
        {
            switch (i % 8)
            {
                case 0: case 2: case 4: case 6:
                    partnerIds.MoveNext();
                    roles.Add(new Role("partner", $"partner.{partnerIds.Current}@schaal.test", PartnerMix));
                    break;
                case 1: case 5:
                    roles.Add(new Role("lead", $"trekker.{Regions[i / 8 % Regions.Length]}@schaal.test", LeadMix));
                    break;
                case 3:
                    roles.Add(new Role("admin", "admin@schaal.test", AdminMix));
                    break;
                default:
                    roles.Add(new Role("ministry", "ministerie@schaal.test", MinistryMix));
                    break;
            }
        }
        return roles;
    }

    private static async Task<Dictionary<(string Role, string Page), Samples>> RunPhaseAsync(List<User> users, TimeSpan duration, Func<User, string[]> pages)
    {
        var results = new Dictionary<(string, string), Samples>();
        var stop = Stopwatch.StartNew();
        await Task.WhenAll(users.Select(user => Task.Run(async () =>
        {
            var own = new Dictionary<(string, string), Samples>();
            var mix = pages(user);
            while (stop.Elapsed < duration)
            {
                var kind = mix[user.Random.Next(mix.Length)];
                var url = UrlOf(user, kind);
                var samples = own.TryGetValue((user.Role.Name, kind), out var s) ? s : own[(user.Role.Name, kind)] = new Samples();
                var watch = Stopwatch.StartNew();
                string? error;
                try
                {
                    using var response = await SendAsync(user, HttpMethod.Get, url);
                    var body = await response.Content.ReadAsByteArrayAsync();
                    error = response.StatusCode == HttpStatusCode.OK && body.Length > 0 ? null : $"{(int)response.StatusCode} {url} {response.Headers.Location}";
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
                {
                    error = $"{e.GetType().Name} {url}: {e.Message}";
                }
                if (stop.Elapsed > duration)
                {
                    break; // a request cut by the end of the phase would count only its part
                }
                samples.Milliseconds.Add(watch.Elapsed.TotalMilliseconds);
                if (error is not null)
                {
                    samples.Errors++;
                    if (samples.ErrorExamples.Count < 3)
                    {
                        samples.ErrorExamples.Add(error);
                    }
                }
            }
            lock (results)
            {
                foreach (var (key, value) in own)
                {
                    results[key] = Merge(results.GetValueOrDefault(key), value);
                }
            }
        })));
        return results;
    }

    private static string UrlOf(User user, string kind) => kind switch
    {
        "details" => "/Commitments/Details/" + user.Details[user.Random.Next(user.Details.Count)],
        "progress-history" => "/Progress/History/" + user.Details[user.Random.Next(user.Details.Count)],
        _ => Urls[kind],
    };

    private static bool Print(Dictionary<(string Role, string Page), Samples> results, TimeSpan duration, bool byRole, string? relativeTo = null)
    {
        var rows = results.GroupBy(r => r.Key.Page).OrderBy(g => g.Key)
            .Select(g => ("all", g.Key, g.Aggregate(new Samples(), (a, x) => Merge(a, Copy(x.Value))))).ToList();
        if (byRole)
        {
            rows.AddRange(results.OrderBy(r => r.Key.Role).ThenBy(r => r.Key.Page).Select(r => (r.Key.Role, r.Key.Page, r.Value)));
        }
        var baseline = relativeTo is null ? (double?)null
            : rows.Where(r => r.Item2 == relativeTo).Select(r => r.Item3.Milliseconds.Count / duration.TotalSeconds).FirstOrDefault();
        Console.WriteLine("| role | page | requests | req/s | p50 ms | p95 ms | p99 ms | max ms | errors |" + (baseline is null ? "" : " ÷ trivial page |"));
        Console.WriteLine("|---|---|---:|---:|---:|---:|---:|---:|---:|" + (baseline is null ? "" : "---:|"));
        var errors = 0;
        foreach (var (role, page, samples) in rows)
        {
            var sorted = samples.Milliseconds.Order().ToArray();
            var rate = sorted.Length / duration.TotalSeconds;
            errors += samples.Errors;
            var ratio = baseline is { } b && b > 0 ? FormattableString.Invariant($" {rate / b:0.00} |") : "";
            Console.WriteLine(FormattableString.Invariant(
                $"| {role} | {page} | {sorted.Length} | {rate:0.0} | {Percentile(sorted, 50):0} | {Percentile(sorted, 95):0} | {Percentile(sorted, 99):0} | {(sorted.Length == 0 ? 0 : sorted[^1]):0} | {samples.Errors} |{ratio}"));
        }
        var total = rows.Where(r => r.Item1 == "all").Sum(r => r.Item3.Milliseconds.Count);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"total {total} requests, {total / duration.TotalSeconds:0.0} req/s, {errors} errors"));
        foreach (var example in results.Values.SelectMany(s => s.ErrorExamples).Take(10))
        {
            Console.WriteLine("  error: " + example);
        }
        return errors > 0;
    }

    private static Samples Copy(Samples s)
    {
        var copy = new Samples { Errors = s.Errors };
        copy.Milliseconds.AddRange(s.Milliseconds);
        copy.ErrorExamples.AddRange(s.ErrorExamples);
        return copy;
    }

    private static double Percentile(double[] sorted, int percent) =>
        sorted.Length == 0 ? 0 : sorted[Math.Clamp((int)Math.Ceiling(percent / 100.0 * sorted.Length) - 1, 0, sorted.Length - 1)];

    private static async Task<HttpResponseMessage> SendAsync(User user, HttpMethod method, string url, Dictionary<string, string>? form = null)
    {
        using var request = new HttpRequestMessage(method, url);
        if (user.Cookies.Count > 0)
        {
            request.Headers.Add("Cookie", string.Join("; ", user.Cookies.Select(c => $"{c.Key}={c.Value}")));
        }
        if (form is not null)
        {
            request.Content = new FormUrlEncodedContent(form);
        }
        var response = await user.Client.SendAsync(request);
        if (response.Headers.TryGetValues("Set-Cookie", out var cookies))
        {
            foreach (var cookie in cookies)
            {
                var pair = cookie.Split(';')[0];
                var eq = pair.IndexOf('=');
                var (name, value) = (pair[..eq].Trim(), pair[(eq + 1)..].Trim());
                if (value.Length == 0 || cookie.Contains("expires=Thu, 01 Jan 1970", StringComparison.OrdinalIgnoreCase))
                {
                    user.Cookies.Remove(name);
                }
                else
                {
                    user.Cookies[name] = value;
                }
            }
        }
        return response;
    }

    private static async Task<string> GetPageAsync(User user, string url)
    {
        using var response = await SendAsync(user, HttpMethod.Get, url);
        if (response.StatusCode != HttpStatusCode.OK)
        {
            throw new InvalidOperationException($"{user.Role.Email}: GET {url} gave {(int)response.StatusCode} {response.Headers.Location}");
        }
        return await response.Content.ReadAsStringAsync();
    }

    /// <summary>
    /// Signs in through the login form; when the application asks for a second factor (a redirect to a
    /// two-factor page, for ministry and administrator accounts), posts the current TOTP code of --totp-key.
    /// </summary>
    private static async Task SignInAsync(User user, string password, string? totpKey)
    {
        var login = await GetPageAsync(user, "/Account/Login");
        using var response = await SendAsync(user, HttpMethod.Post, "/Account/Login", new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = Token(login), ["Form.Email"] = user.Role.Email, ["Form.Password"] = password,
        });
        var location = response.Headers.Location?.OriginalString ?? "";
        if (response.StatusCode == HttpStatusCode.Redirect && TwoFactorPage().IsMatch(location))
        {
            if (totpKey is null)
            {
                throw new InvalidOperationException($"{user.Role.Email} must give a second factor ({location}): pass --totp-key");
            }
            // The page has more than one form (language switch, sign-out): take the one with the code field.
            var page = Regex.Matches(await GetPageAsync(user, location), "<form[^>]*>.*?</form>", RegexOptions.Singleline)
                .Select(m => m.Value)
                .First(f => Regex.IsMatch(f, "name=\"[^\"]*Code\"") && !f.Contains("Recovery", StringComparison.OrdinalIgnoreCase));
            var form = Regex.Matches(page, "<input[^>]*>").Select(m => m.Value)
                .Select(input => (Name: Attribute(input, "name"), Value: Attribute(input, "value"), Type: Attribute(input, "type")))
                .Where(i => i.Name is not null && i.Type != "submit" && i.Type != "checkbox")
                .ToDictionary(i => i.Name!, i => i.Value ?? "");
            var codeField = form.Keys.First(k => k.Contains("Code", StringComparison.OrdinalIgnoreCase) && !k.Contains("Recovery", StringComparison.OrdinalIgnoreCase));
            form[codeField] = await NextUnusedCodeAsync(user.Role.Email, totpKey);
            var action = Attribute(Regex.Match(page, "<form[^>]*method=\"post\"[^>]*>").Value, "action") is { Length: > 0 } a ? WebUtility.HtmlDecode(a) : location;
            using var second = await SendAsync(user, HttpMethod.Post, action, form);
            location = second.Headers.Location?.OriginalString ?? "";
            if (second.StatusCode != HttpStatusCode.Redirect || TwoFactorPage().IsMatch(location))
            {
                throw new InvalidOperationException($"{user.Role.Email}: the two-factor code was refused ({(int)second.StatusCode})");
            }
        }
        else if (response.StatusCode != HttpStatusCode.Redirect || location.Contains("/Account/", StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"Sign-in of {user.Role.Email} failed: {(int)response.StatusCode} {location}");
        }
    }

    private static readonly Dictionary<string, long> LastStepUsed = [];

    /// <summary>
    /// The application accepts each authenticator code once per account (one 30-second step either side
    /// of now), and several virtual users share the administrator and ministry accounts. So each sign-in
    /// takes the next step no one has used yet, waiting for the clock when all three are taken, and
    /// never sends a code that would be refused (refusals count towards the account's lockout).
    /// </summary>
    private static async Task<string> NextUnusedCodeAsync(string account, string totpKey)
    {
        while (true)
        {
            var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
            var (current, intoStep) = (now / 30, now % 30);
            long step;
            lock (LastStepUsed)
            {
                var earliest = intoStep > 25 ? current : current - 1; // keep clear of the window's edge
                step = Math.Max(earliest, LastStepUsed.GetValueOrDefault(account, long.MinValue) + 1);
                if (step <= current + 1)
                {
                    LastStepUsed[account] = step;
                    return new Totp(Base32Encoding.ToBytes(totpKey)).ComputeTotp(DateTimeOffset.FromUnixTimeSeconds(step * 30 + 1).UtcDateTime);
                }
            }
            await Task.Delay(TimeSpan.FromSeconds(30 - intoStep + 1));
        }
    }

    [GeneratedRegex("(?i)two-?factor|2fa|Tweestaps|LoginWith")]
    private static partial Regex TwoFactorPage();

    private static string Token(string html) =>
        WebUtility.HtmlDecode(Regex.Match(html, "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"|value=\"([^\"]+)\"[^>]*name=\"__RequestVerificationToken\"") is { Success: true } m
            ? (m.Groups[1].Success ? m.Groups[1].Value : m.Groups[2].Value)
            : throw new InvalidOperationException("No anti-forgery token on the page"));

    private static string? Attribute(string tag, string name) =>
        Regex.Match(tag, $"\\s{name}=\"([^\"]*)\"") is { Success: true } m ? WebUtility.HtmlDecode(m.Groups[1].Value) : null;

    /// <summary>The commitments the user sees on the first page of its list, for the details pages.</summary>
    private static async Task FindDetailsAsync(User user)
    {
        var list = await GetPageAsync(user, "/Commitments");
        user.Details.AddRange(Regex.Matches(list, "href=\"/Commitments/Details/(\\d+)\"").Select(m => m.Groups[1].Value).Distinct());
        if (user.Details.Count == 0)
        {
            throw new InvalidOperationException($"{user.Role.Email} sees no commitments");
        }
    }

    /// <summary>Follows the list's "Volgende" link from page 1 to the given page, as a user paging through would.</summary>
    private static async Task<string> WalkToPageAsync(User user, int target)
    {
        var url = "/Commitments";
        for (var page = 1; page < target; page++)
        {
            var html = await GetPageAsync(user, url);
            var next = Regex.Matches(html, "<a [^>]*href=\"([^\"]*pagina=[^\"]*)\"[^>]*>([^<]*)</a>").FirstOrDefault(m => m.Groups[2].Value.Contains("Volgende") || m.Groups[2].Value.Contains("Next"));
            url = next is null ? throw new InvalidOperationException($"No next link on {url}") : WebUtility.HtmlDecode(next.Groups[1].Value);
        }
        return url;
    }

}
