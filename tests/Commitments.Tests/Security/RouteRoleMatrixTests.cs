using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Commitments.Core.Domain;
using Commitments.Core.Identity;
using Commitments.Tests.Infrastructure;
using Commitments.Tests.Pages.Progress;
using Commitments.Core.Tenancy;
using Commitments.Web.Tenancy;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Commitments.Tests.Security;

/// <summary>
/// Proof of isolation: every route of the application, for every role, against the table in
/// <see cref="RouteRoleMatrix"/>. Partner A (Provincie Drenthe) and its co-partner Gemeente Emmen
/// are in region A (Noord), partner B (Techniekcollege Limburg) in region B (Zuid); the records the
/// routes are asked about are partner A's, so partner B and lead B ask for another tenant's ids.
/// </summary>
public sealed class RouteRoleMatrixTests(CommitmentsWebFactory app) : IClassFixture<CommitmentsWebFactory>
{
    public const string CoPartnerEmail = "partner.emmen@techniekpact.test";
    private const string CoPartnerOrganization = "Gemeente Emmen";
    private const string DepartedEmail = "vertrokken@matrix.test";

    public sealed record Line(int Number, string Method, string Route, string? Handler, string Target, string Expected)
    {
        public string Key => $"{Method} {Route}{(Handler == null ? "" : " " + Handler)}";

        public override string ToString() => $"line {Number}: {Key} [{Target}]";
    }

    public static IReadOnlyList<Line> ParseTable()
    {
        var lines = new List<Line>();
        var number = 0;
        foreach (var raw in RouteRoleMatrix.Table.Split('\n'))
        {
            number++;
            var text = raw.Trim();
            if (text.Length == 0 || text.StartsWith('#'))
            {
                continue;
            }
            var cells = text.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            var roles = RouteRoleMatrix.Roles.Length;
            if (cells.Length != 4 + roles || cells[^roles..].Any(c => c is not ("A" or "D" or "N")))
            {
                throw new FormatException($"Line {number} of the route table is not 'METHOD /route handler target' and {roles} letters A/D/N: '{text}'");
            }
            lines.Add(new Line(number, cells[0], cells[1], cells[2] == "-" ? null : cells[2], cells[3], string.Concat(cells[^roles..])));
        }
        return lines;
    }

    [Fact]
    public async Task Every_route_of_the_application_has_a_line_in_the_table_and_every_line_a_route()
    {
        var routes = await RouteInventory.ReadAsync(app.Services);
        var table = ParseTable();

        var missing = routes.Where(r => table.All(l => l.Key != r)).ToList();
        var unknown = table.Where(l => !routes.Contains(l.Key)).ToList();

        Assert.True(missing.Count == 0 && unknown.Count == 0,
            (missing.Count == 0 ? "" : "Routes of the application without a line in RouteRoleMatrix.Table (add one per route, with the answer every role must get):\n  " + string.Join("\n  ", missing) + "\n") +
            (unknown.Count == 0 ? "" : "Lines of RouteRoleMatrix.Table for routes the application does not have:\n  " + string.Join("\n  ", unknown)));
        Assert.True(routes.Count > 80, $"Only {routes.Count} routes were found: the inventory no longer reads the endpoints.");
    }

    [Fact]
    public async Task Every_role_gets_on_every_route_what_the_table_says()
    {
        var targets = await ArrangeAsync();
        var browsers = new Dictionary<string, TestBrowser>
        {
            ["an"] = app.Anonymous(),
            ["pA"] = await app.SignInAsync(DemoAccounts.PartnerDrenthe),
            ["pB"] = await app.SignInAsync(DemoAccounts.PartnerLimburg),
            ["co"] = await app.SignInAsync(CoPartnerEmail),
            ["lA"] = await app.SignInAsync(DemoAccounts.TrekkerNoord),
            ["lB"] = await app.SignInAsync(DemoAccounts.TrekkerZuid),
            ["mi"] = await app.SignInAsync(DemoAccounts.Ocw),
            ["ad"] = await app.SignInAsync(DemoAccounts.Admin),
        };
        var accounts = new Dictionary<string, string>
        {
            ["pA"] = DemoAccounts.PartnerDrenthe, ["pB"] = DemoAccounts.PartnerLimburg, ["co"] = CoPartnerEmail, ["lA"] = DemoAccounts.TrekkerNoord,
            ["lB"] = DemoAccounts.TrekkerZuid, ["mi"] = DemoAccounts.Ocw, ["ad"] = DemoAccounts.Admin,
        };
        var tokens = new Dictionary<string, string>();
        var failures = new List<string>();
        var checks = 0;
        try
        {
            foreach (var line in ParseTable())
            {
                var url = Url(line, targets);
                for (var r = 0; r < RouteRoleMatrix.Roles.Length; r++)
                {
                    var role = RouteRoleMatrix.Roles[r];
                    // Signing out ends the session: that line gets a session of its own.
                    var endsSession = line.Key is "POST /Account/Logout" or "POST /Account/Security SignOutEverywhere" && role != "an";
                    var browser = endsSession ? await app.SignInAsync(accounts[role]) : browsers[role];
                    try
                    {
                        var response = await SendAsync(browser, line.Method, url, endsSession ? null : tokens, role);
                        var (outcome, description) = Classify(response, role);
                        checks++;
                        if (outcome != line.Expected[r])
                        {
                            failures.Add($"{line}: {role} expected {line.Expected[r]}, got {outcome} ({description}) for {line.Method.Replace("ANY", "GET")} {url}");
                        }
                    }
                    finally
                    {
                        if (endsSession)
                        {
                            browser.Dispose();
                        }
                    }
                }
                if (line.Key == "POST /Account/Security SignOutEverywhere")
                {
                    // That ended every session of every account (a new security stamp): all sign in afresh.
                    foreach (var (role, email) in accounts)
                    {
                        browsers[role].Dispose();
                        browsers[role] = await app.SignInAsync(email);
                        tokens.Remove(role);
                    }
                }
            }

            // Requests no page has a handler for (an unknown handler name, another HTTP method, the
            // filter override that once was a handler) are refused, never answered with an error.
            foreach (var line in ParseTable().Where(l => l.Route != "/health" && !l.Route.StartsWith("/beheer")).DistinctBy(l => l.Route))
            {
                var url = Url(line with { Handler = null }, targets);
                var separator = url.Contains('?') ? '&' : '?';
                foreach (var role in new[] { "pA", "ad" })
                {
                    foreach (var (method, probe) in new[] { ("POST", $"{url}{separator}handler=Onbekend"), ("PUT", url), ("PAGE", $"{url}{separator}handler=HandlerExecution") })
                    {
                        var response = await SendAsync(browsers[role], method, probe, tokens, role);
                        checks++;
                        if ((int)response.StatusCode >= 500)
                        {
                            failures.Add($"{line}: {role} got {(int)response.StatusCode} for {method} {probe}");
                        }
                    }
                }
            }
        }
        finally
        {
            foreach (var browser in browsers.Values)
            {
                browser.Dispose();
            }
        }

        Assert.True(failures.Count == 0, $"{failures.Count} of {checks} answers differ from RouteRoleMatrix.Table:\n" + string.Join("\n", failures));
        Assert.True(checks > ParseTable().Count * RouteRoleMatrix.Roles.Length);
    }

    /// <summary>The records the table's @names stand for, made or found once.</summary>
    private async Task<IReadOnlyDictionary<string, string>> ArrangeAsync()
    {
        await using var db = app.CreateAdminDbContext();
        var drenthe = await db.Organizations.SingleAsync(o => o.Name == DemoAccounts.Drenthe);
        var emmen = await db.Organizations.SingleAsync(o => o.Name == CoPartnerOrganization);
        var ofDrenthe = db.Commitments.Where(c => c.OrganizationId == drenthe.Id);
        var draft = await ofDrenthe.SingleAsync(c => c.Status == CommitmentStatus.Draft);
        var returned = await ofDrenthe.SingleAsync(c => c.Status == CommitmentStatus.Returned);
        // Submitted and waiting on the co-partner's answer: Gemeente Emmen is named on it.
        var submitted = await ofDrenthe.SingleAsync(c => c.Status == CommitmentStatus.Submitted && c.ApprovedRevision == null
            && c.CoPartners.Any(p => p.OrganizationId == emmen.Id && p.Response == CoPartnerResponse.Pending));
        var approved = await ofDrenthe.Include(c => c.CoPartners).SingleAsync(c => c.Status == CommitmentStatus.Approved);
        Assert.Empty(approved.CoPartners);
        approved.CoPartners.Add(new CommitmentCoPartner { OrganizationId = emmen.Id, SharePercent = 0, Response = CoPartnerResponse.Confirmed });
        var admin = await db.Users.SingleAsync(u => u.Email == DemoAccounts.Admin);
        db.Invitations.Add(new Invitation
        {
            Email = "nieuw@matrix.test", Role = Roles.Partner, OrganizationId = drenthe.Id, TokenHash = Convert.ToHexString(Guid.NewGuid().ToByteArray()),
            InvitedByUserId = admin.Id, CreatedAt = app.Time.GetUtcNow().UtcDateTime, ExpiresAt = app.Time.GetUtcNow().UtcDateTime.AddDays(7),
        });
        db.OutboxMessages.Add(new OutboxMessage
        {
            To = "onbereikbaar@matrix.test", Subject = "Mislukt", TextBody = "Mislukt", CreatedAt = app.Time.GetUtcNow().UtcDateTime,
            NextAttemptAt = app.Time.GetUtcNow().UtcDateTime, Attempts = 5, FailedAt = app.Time.GetUtcNow().UtcDateTime, LastError = "550",
        });
        // Reporting years of their own, before the demo's: one frozen (its national and landsdeel Noord
        // files stored, as a freeze leaves them), one for the administrator to freeze.
        var now = app.Time.GetUtcNow().UtcDateTime;
        var frozenCycle = new ReportingCycle { Year = 2011, UpdatesDueOn = new DateOnly(2011, 5, 1), FreezesOn = new DateOnly(2011, 6, 18), FrozenAt = now };
        var freezable = new ReportingCycle { Year = 2012, UpdatesDueOn = new DateOnly(2012, 5, 1), FreezesOn = new DateOnly(2012, 6, 18) };
        db.ReportingCycles.AddRange(frozenCycle, freezable);
        await db.SaveChangesAsync();
        AnnualReport Frozen(int? regionId, string name) => new()
        {
            ReportingCycleId = frozenCycle.Id, RegionId = regionId, FrozenAt = now, FrozenByName = "matrix", FileName = name,
            Content = Encoding.UTF8.GetBytes(name), Sha256 = Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(name))),
        };
        var frozenNational = Frozen(null, "jaarrapportage-2011.xlsx");
        var frozenRegion = Frozen(drenthe.RegionId, "jaarrapportage-2011-noord.xlsx");
        db.AnnualReports.AddRange(frozenNational, frozenRegion);
        // A finished report run partner A asked for: only partner A may open it.
        var partnerA = await db.Users.SingleAsync(u => u.Email == DemoAccounts.PartnerDrenthe);
        var run = new ReportRun
        {
            RequestedByUserId = partnerA.Id, RequestedByName = partnerA.DisplayName, Scope = ReportRunScope.Organization, OrganizationId = drenthe.Id,
            ReportingCycleId = (await db.ReportingCycles.SingleAsync(c => c.Year == 2018)).Id, State = ReportRunState.Ready, Percent = 100,
            RequestedAt = now, StartedAt = now, FinishedAt = now, FileName = "jaarrapportage-2018-drenthe.xlsx", Content = Encoding.UTF8.GetBytes("rapport"),
        };
        db.ReportRuns.Add(run);
        await db.SaveChangesAsync();

        await CreateCoPartnerAccountAsync(emmen.Id);
        // Someone who left, for the administrator to anonymise: no role of the matrix uses the account.
        var departed = await CreateAccountAsync(DepartedEmail, "Vertrokken medewerker", drenthe.Id);

        // Partner A reports progress on the approved commitment with a file, through the form; then it is submitted.
        using (var partner = await app.SignInAsync(DemoAccounts.PartnerDrenthe))
        {
            var saved = await ProgressForm.PostAsync(partner, approved.Id, [("Form.Health", "OnTrack"), ("Form.Intent", "draft")],
                ("Voortgang promotie.pdf", ProgressForm.Pdf()));
            Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        }
        var update = await db.ProgressUpdates.Include(u => u.Evidence).SingleAsync(u => u.CommitmentId == approved.Id && u.Status == ProgressUpdateStatus.Draft);
        update.Status = ProgressUpdateStatus.Submitted;
        update.SubmittedAt = app.Time.GetUtcNow().UtcDateTime;
        await db.SaveChangesAsync();

        return new Dictionary<string, string>
        {
            ["draft"] = draft.Id.ToString(),
            ["returned"] = returned.Id.ToString(),
            ["submitted"] = submitted.Id.ToString(),
            ["approved"] = approved.Id.ToString(),
            ["update"] = update.Id.ToString(),
            ["evidence"] = update.Evidence.Single().Id.ToString(),
            ["user"] = (await db.Users.SingleAsync(u => u.Email == "trekker.oost@techniekpact.test")).Id,
            ["organization"] = (await db.Organizations.SingleAsync(o => o.Name == "Gemeente Enschede")).Id.ToString(),
            ["theme"] = (await db.Themes.OrderBy(t => t.Id).FirstAsync()).Id.ToString(),
            ["cycle"] = (await db.ReportingCycles.SingleAsync(c => c.Year == 2020)).Id.ToString(),
            ["invitation"] = (await db.Invitations.SingleAsync(i => i.Email == "nieuw@matrix.test")).Id.ToString(),
            ["failedmail"] = (await db.OutboxMessages.SingleAsync(m => m.To == "onbereikbaar@matrix.test")).Id.ToString(),
            ["freezable"] = freezable.Id.ToString(),
            ["frozenregion"] = frozenRegion.Id.ToString(),
            ["frozennational"] = frozenNational.Id.ToString(),
            ["run"] = run.Id.ToString(),
            ["departed"] = departed,
            // Longer than a removal request's reason may be: the request is refused before anything is written.
            ["toolong"] = new string('x', Commitments.Web.Pages.Account.PrivacyModel.MaxReasonLength + 1),
        };
    }

    /// <summary>An account for the co-partner organisation, through the application's own account store.</summary>
    private Task CreateCoPartnerAccountAsync(int organizationId) => CreateAccountAsync(CoPartnerEmail, "Partner Gemeente Emmen", organizationId);

    /// <summary>A partner account, through the application's own account store; returns its id.</summary>
    private async Task<string> CreateAccountAsync(string email, string name, int organizationId)
    {
        await using var scope = app.Services.CreateAsyncScope();
        using var widened = scope.ServiceProvider.GetRequiredService<DataScopeAccessor>().Widen(DataScope.Everything("test accounts"));
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var user = new AppUser
        {
            UserName = email, Email = email, EmailConfirmed = true, DisplayName = name,
            OrganizationId = organizationId, Culture = "nl-NL",
        };
        Assert.True((await users.CreateAsync(user, CommitmentsWebFactory.Password)).Succeeded);
        Assert.True((await users.AddToRoleAsync(user, Roles.Partner)).Succeeded);
        return user.Id;
    }

    /// <summary>The line's route with its target filled in: route parameters in the path, the rest (and the handler) in the query.</summary>
    public static string Url(Line line, IReadOnlyDictionary<string, string> targets)
    {
        var values = line.Target == "-"
            ? []
            : line.Target.Split('&').Select(pair => pair.Split('=', 2)).ToDictionary(
                p => p[0],
                p => p[1].StartsWith('@') ? targets.GetValueOrDefault(p[1][1..]) ?? throw new KeyNotFoundException($"{line}: no record @{p[1][1..]}") : p[1]);
        var used = new HashSet<string>();
        var path = Regex.Replace(line.Route, @"\{\**(\w+)\??\}", m =>
        {
            used.Add(m.Groups[1].Value);
            return values.TryGetValue(m.Groups[1].Value, out var v) ? Uri.EscapeDataString(v) : "";
        }).TrimEnd('/');
        var query = values.Where(v => !used.Contains(v.Key)).Select(v => $"{v.Key}={Uri.EscapeDataString(v.Value)}").ToList();
        if (line.Handler != null)
        {
            query.Insert(0, $"handler={line.Handler}");
        }
        return (path.Length == 0 ? "/" : path) + (query.Count == 0 ? "" : "?" + string.Join('&', query));
    }

    /// <summary>
    /// A GET, or a post of the anti-forgery token (taken once per role from the sign-in page, which
    /// everyone may open) and a version that matches no record.
    /// </summary>
    private static async Task<HttpResponseMessage> SendAsync(TestBrowser browser, string method, string url, Dictionary<string, string>? tokens, string role)
    {
        if (method is "GET" or "ANY")
        {
            return await browser.GetAsync(url);
        }
        if (tokens == null || !tokens.TryGetValue(role, out var token))
        {
            var (_, login) = await browser.GetPageAsync("/Account/Login");
            token = login.QuerySelector("input[name=__RequestVerificationToken]")?.GetAttribute("value")
                    ?? throw new InvalidOperationException("No anti-forgery token on the sign-in page.");
            if (tokens != null)
            {
                tokens[role] = token;
            }
        }
        var stale = Guid.NewGuid().ToString();
        return await browser.Client.SendAsync(new HttpRequestMessage(new HttpMethod(method), url)
        {
            Content = new FormUrlEncodedContent([new("__RequestVerificationToken", token), new("Version", stale), new("Form.Version", stale), new("version", stale)]),
        });
    }

    private static (char Outcome, string Description) Classify(HttpResponseMessage response, string role)
    {
        var status = (int)response.StatusCode;
        var location = response.Headers.Location?.OriginalString;
        var description = location == null ? status.ToString() : $"{status} → {location}";
        var toSignIn = location != null && location.Contains("/Account/Login?ReturnUrl=", StringComparison.OrdinalIgnoreCase);
        var toDenied = location != null && location.Contains("/Account/AccessDenied", StringComparison.OrdinalIgnoreCase);
        // Anonymous users are refused by a redirect to the sign-in page, signed-in users by 403 or the access-denied page.
        var refusal = role == "an" ? toSignIn : toDenied;
        return status switch
        {
            404 => ('N', description),
            403 => ('D', description),
            >= 300 and < 400 when refusal => ('D', description),
            >= 300 and < 400 when toSignIn || toDenied => ('?', description + " (a refusal of the wrong kind for this role)"),
            >= 200 and < 400 or 409 => ('A', description),
            _ => ('?', description),
        };
    }
}
