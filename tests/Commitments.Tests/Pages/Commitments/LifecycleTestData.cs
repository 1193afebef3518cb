using System.Net;
using AngleSharp.Html.Dom;
using Commitments.Core.Domain;
using Commitments.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Commitments.Tests.Pages.Commitments;

/// <summary>
/// Commitments written straight into the test database, each with a title of its own, so that a test
/// arranges exactly the state it needs and tests of one class do not step on each other's data.
/// </summary>
internal static class LifecycleTestData
{
    private static int _counter;

    /// <summary>
    /// A SMART draft of <paramref name="lead"/> in the 2018 cycle (title, a theme, an end date, a budget,
    /// an indicator with target and target date, shares adding up to 100), changed by
    /// <paramref name="arrange"/>; co-partners are given with their shares (the lead keeps the rest).
    /// </summary>
    public static async Task<Commitment> AddCommitmentAsync(this CommitmentsWebFactory app, string lead,
        Action<Commitment>? arrange = null, params (string Organization, decimal Share)[] coPartners)
    {
        await using var db = app.CreateAdminDbContext();
        var organizations = await db.Organizations.ToDictionaryAsync(o => o.Name);
        var cycle = await db.ReportingCycles.Include(c => c.Themes).SingleAsync(c => c.Year == 2018);
        var commitment = new Commitment
        {
            OrganizationId = organizations[lead].Id,
            ReportingCycleId = cycle.Id,
            Title = $"Stageplaatsen techniek {Interlocked.Increment(ref _counter)}-{Guid.NewGuid().ToString("N")[..6]}",
            Description = "Meer stageplaatsen in de techniek.",
            StartDate = new DateOnly(2018, 9, 1),
            EndDate = new DateOnly(2020, 12, 31),
            BudgetEuros = 1234.56m,
            LeadSharePercent = 100 - coPartners.Sum(p => p.Share),
            Themes = [cycle.Themes.OrderBy(t => t.SortOrder).First()],
            Indicators = [new Indicator { Name = "stageplaatsen", Unit = "aantal", Baseline = 0, Target = 120, TargetDate = new DateOnly(2020, 12, 31) }],
            CoPartners = coPartners.Select(p => new CommitmentCoPartner { OrganizationId = organizations[p.Organization].Id, SharePercent = p.Share }).ToList(),
        };
        arrange?.Invoke(commitment);
        db.Commitments.Add(commitment);
        await db.SaveChangesAsync();
        return commitment;
    }

    public static async Task<Commitment> ReloadAsync(this CommitmentsWebFactory app, int id)
    {
        await using var db = app.CreateAdminDbContext();
        return await db.Commitments.AsNoTracking().Include(c => c.CoPartners).SingleAsync(c => c.Id == id);
    }

    public static async Task<int> OrganizationIdAsync(this CommitmentsWebFactory app, string name)
    {
        await using var db = app.CreateAdminDbContext();
        return await db.Organizations.Where(o => o.Name == name).Select(o => o.Id).SingleAsync();
    }

    public static async Task<List<AuditEntry>> HistoryAsync(this CommitmentsWebFactory app, int id)
    {
        await using var db = app.CreateAdminDbContext();
        var key = id.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return await db.AuditEntries.AsNoTracking().Where(a => a.EntityType == nameof(Commitment) && a.EntityId == key)
            .OrderBy(a => a.Id).ToListAsync();
    }

    /// <summary>Reads a page that must be there (200) and gives its document.</summary>
    public static async Task<IHtmlDocument> PageAsync(this TestBrowser browser, string url)
    {
        var (response, page) = await browser.GetPageAsync(url);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return page;
    }

    /// <summary>Text as a reader sees it: non-breaking spaces (in "€ 1.234,56") as ordinary ones, runs of white space as one.</summary>
    public static string Text(this AngleSharp.Dom.IElement element) =>
        System.Text.RegularExpressions.Regex.Replace(element.TextContent.Replace('\u00A0', ' '), @"\s+", " ").Trim();

    /// <summary>The value shown beside a fact's name on the commitment's page.</summary>
    public static string Fact(this IHtmlDocument page, string name, string list = "dl.facts")
    {
        var dt = page.QuerySelectorAll($"{list} dt").FirstOrDefault(d => d.Text() == name)
                 ?? throw new InvalidOperationException($"No fact \"{name}\" on the page.");
        return dt.NextElementSibling!.Text();
    }

    /// <summary>
    /// Presses the language button in the page header, as a browser posts it, to read English (or the
    /// given language) on the page <paramref name="from"/>; nothing when the page is in it already (the
    /// account's language applies at sign-in).
    /// </summary>
    public static async Task SwitchLanguageAsync(this TestBrowser browser, string culture = "en-GB", string from = "/")
    {
        var (_, page) = await browser.GetPageAsync(from);
        var form = (IHtmlFormElement)page.QuerySelector("form.language-switch")!;
        if (form.QuerySelector("input[name=culture]")!.GetAttribute("value") != culture)
        {
            return; // already in that language
        }
        var fields = form.QuerySelectorAll("input[type=hidden]")
            .Select(i => new KeyValuePair<string, string>(i.GetAttribute("name")!, i.GetAttribute("value") ?? ""));
        await browser.Client.PostAsync(form.GetAttribute("action"), new FormUrlEncodedContent(fields));
    }
}
