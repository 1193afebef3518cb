using System.Net;
using Commitments.Core.Domain;
using Commitments.Core.Tenancy;
using Commitments.Tests.Email;
using Commitments.Tests.Infrastructure;
using Commitments.Web.FrozenReports;
using Hangfire;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Xunit.Abstractions;
using static Commitments.Tests.FrozenReports.FrozenReportsSupport;
using Instance = Commitments.Tests.Deployment.TwoInstancesTests.Instance;

namespace Commitments.Tests.Deployment;

/// <summary>
/// Two instances on one database (as <see cref="TwoInstancesTests"/> starts them, each with its own
/// Hangfire server and data folder), and two administrators who confirm the freeze of the same year on
/// each at the same moment: one freeze run, one set of reports, one <c>FrozenAt</c>, both pages on that
/// run, and the same bytes from either instance. On the suite's provider: SQLite (one database file,
/// each instance its own Hangfire file, so the job runs where it was queued) and PostgreSQL (one
/// database, both servers on the same queues). The claim's serialisation in the database
/// (<see cref="CycleFreezeRequests"/> through <c>ReportRunRequests.ClaimAsync</c>) is what keeps it one.
/// </summary>
public sealed class TwoInstancesFreezeTests(ITestOutputHelper output) : IAsyncLifetime
{
    private TestDatabase _database = null!;
    private readonly LoopbackSmtpServer _smtp = new();
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2018, 5, 1, 8, 0, 0, TimeSpan.Zero));
    private Instance? _first;
    private Instance? _second;
    private string? _skip;

    public async Task InitializeAsync()
    {
        try
        {
            _database = await TestDatabase.CreateAsync();
        }
        catch (SkipException missing)
        {
            _skip = missing.Message; // outside CI only: under CI a missing server fails above
            return;
        }
        await _smtp.StartAsync();
        _first = new Instance(_database, _time, _smtp.Port, "instance-1");
        _first.StartServer();
        _second = new Instance(_database, _time, _smtp.Port, "instance-2");
        _second.StartServer();
    }

    public async Task DisposeAsync()
    {
        if (_skip != null)
        {
            return;
        }
        if (_second != null)
        {
            await _second.DisposeAsync();
        }
        if (_first != null)
        {
            await _first.DisposeAsync();
        }
        await _smtp.DisposeAsync();
        await _database.DisposeAsync();
    }

    [SkippableFact]
    public async Task Two_administrators_freezing_the_same_year_on_two_instances_at_once_make_one_freeze_with_the_same_bytes_on_both()
    {
        Skip.If(_skip != null, _skip);
        var instances = new[] { _first!, _second! };
        int cycleId;
        await using (var db = _database.CreateContext(DataScope.Everything("test set-up"), _time))
        {
            cycleId = await db.ReportingCycles.Where(c => c.Year == 2018).Select(c => c.Id).SingleAsync();
        }
        var url = $"/Admin/Cycles/Freeze/{cycleId}";
        var browsers = new List<TestBrowser>();
        foreach (var instance in instances)
        {
            browsers.Add(await SignInAsync(instance, DemoAccounts.Admin));
        }
        foreach (var browser in browsers)
        {
            var (page, _) = await browser.GetPageAsync(url);
            Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        }

        // Both confirm at the same moment, each on its own instance.
        var answers = await Task.WhenAll(browsers.Select(b => Task.Run(() => b.PostFormAsync(url, []))));

        Assert.All(answers, a =>
        {
            Assert.Equal(HttpStatusCode.Redirect, a.StatusCode);
            Assert.Equal(url, a.Headers.Location!.OriginalString);
        });
        await using var check = _database.CreateContext(DataScope.Everything("test assertion"), _time);
        await WaitUntilAsync(instances, async () =>
            await check.ReportRuns.AsNoTracking().Where(r => r.ReportingCycleId == cycleId && r.Scope == ReportRunScope.Freeze)
                .AllAsync(r => r.State == ReportRunState.Ready || r.State == ReportRunState.Failed)
            && await check.ReportingCycles.AsNoTracking().AnyAsync(c => c.Id == cycleId && c.FrozenAt != null));

        var run = Assert.Single(await check.ReportRuns.AsNoTracking().Where(r => r.ReportingCycleId == cycleId && r.Scope == ReportRunScope.Freeze).ToListAsync());
        Assert.Equal((ReportRunState.Ready, 100, (string?)null), (run.State, run.Percent, run.Error));
        var frozenAt = (await check.ReportingCycles.AsNoTracking().SingleAsync(c => c.Id == cycleId)).FrozenAt;
        var reports = await check.AnnualReports.AsNoTracking().Where(r => r.ReportingCycleId == cycleId).ToListAsync();
        var regions = await check.Regions.AsNoTracking().Select(r => r.Id).ToListAsync();
        Assert.Equal(regions.Count + 1, reports.Count);
        Assert.Equal([null, .. regions.Order().Select(id => (int?)id)], reports.Select(r => r.RegionId).Order());
        Assert.All(reports, r => Assert.Equal(frozenAt, r.FrozenAt));
        Assert.Equal(1, await check.AuditEntries.CountAsync(a => a.Action == AuditActions.CycleFrozen && a.EntityId == cycleId.ToString()));

        // Both pages end on that one run: frozen, with the way to the files, and no second confirmation.
        foreach (var browser in browsers)
        {
            var (response, page) = await browser.GetPageAsync(url);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.False(response.Headers.Contains("Refresh"));
            Assert.Contains("Dit rapportagejaar is bevroren op", page.QuerySelector("main [role=status]")!.TextContent);
            Assert.Null(page.QuerySelector("main [role=alert]"));
            Assert.Null(page.QuerySelector("main form[method=post]"));
        }

        // The national file from either instance: the same bytes, with the stored SHA-256.
        var national = reports.Single(r => r.RegionId == null);
        var downloads = new List<byte[]>();
        foreach (var browser in browsers)
        {
            var (_, list) = await browser.GetPageAsync("/Reports/Frozen");
            var link = list.QuerySelectorAll("a[href*='handler=Download']").Select(a => a.GetAttribute("href")!)
                .Single(href => System.Text.RegularExpressions.Regex.IsMatch(href, $"[?&]id={national.Id}(&|$)"));
            var file = await browser.GetAsync(link);
            Assert.Equal(HttpStatusCode.OK, file.StatusCode);
            downloads.Add(await file.Content.ReadAsByteArrayAsync());
        }
        Assert.Equal(downloads[0], downloads[1]);
        Assert.Equal(national.Sha256, Sha256(downloads[0]));
        Assert.Equal(national.Content, downloads[0]);
        output.WriteLine($"{_database.Provider}: run {run.Id}, {reports.Count} reports, national {national.Content.Length} bytes, sha256 {national.Sha256}");
    }

    /// <summary>Signs in on one instance, the second step with the code for the shared clock (as CommitmentsWebFactory does).</summary>
    private async Task<TestBrowser> SignInAsync(Instance instance, string email)
    {
        await TwoFactorCodes.EnrolIfRequiredAsync(instance.Services, email);
        var browser = instance.Browser();
        var response = await browser.SignInAsync(email, CommitmentsWebFactory.Password);
        if (response.Headers.Location?.OriginalString is { } next && next.StartsWith("/Account/LoginWith2fa", StringComparison.Ordinal))
        {
            response = await browser.PostFormAsync(next, ("Code", await TwoFactorCodes.NextCodeAsync(instance.Services, email, _time.GetUtcNow())));
        }
        Assert.True(response.Headers.Location?.OriginalString.StartsWith('/') ?? false, $"Sign-in of {email} failed: {(int)response.StatusCode}");
        return browser;
    }

    /// <summary>
    /// Waits in real time (the Hangfire servers poll their storage on their own clocks) until the
    /// condition holds, failing at once when a job failed on either server.
    /// </summary>
    private static async Task WaitUntilAsync(IEnumerable<Instance> instances, Func<Task<bool>> condition)
    {
        var monitors = instances.Select(i => i.Services.GetRequiredService<JobStorage>().GetMonitoringApi()).ToList();
        var deadline = DateTime.UtcNow.AddSeconds(120);
        while (!await condition())
        {
            foreach (var monitor in monitors)
            {
                Assert.True(monitor.FailedCount() == 0, "A background job failed: " + string.Join("; ", monitor.FailedJobs(0, 5).Select(j => j.Value.ExceptionMessage)));
            }
            Assert.True(DateTime.UtcNow < deadline, "The freeze did not finish within 120 seconds.");
            await Task.Delay(TimeSpan.FromMilliseconds(250));
        }
    }
}
