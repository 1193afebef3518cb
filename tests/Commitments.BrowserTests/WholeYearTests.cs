using System.Text.RegularExpressions;
using ClosedXML.Excel;
using Commitments.BrowserTests.Infrastructure;
using Commitments.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Commitments.BrowserTests;

/// <summary>
/// A whole year of the pact against the real server, five people at work in their own browsers: a
/// partner registers a commitment with an indicator and names a co-partner; the co-partner confirms;
/// the partner submits; the regional lead returns it with a comment; the partner changes it and submits
/// again; the lead approves; the partner files a progress update with a file as evidence; the lead
/// approves that; the ministry finds the commitment and downloads the annual report, and the report is
/// opened to find the commitment in it. axe-core checks every page on the way.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed partial class WholeYearTests(BrowserFixture browser)
{
    private static readonly PageGetByLabelOptions Exact = new() { Exact = true };
    private static readonly LocatorGetByLabelOptions InRow = new() { Exact = true };

    [SkippableFact]
    public async Task A_commitment_goes_from_registration_through_review_and_progress_into_the_ministers_report()
    {
        BrowserFixture.RequireChromium();
        var title = $"Gastlessen installatietechniek {Guid.NewGuid().ToString("N")[..6]}";

        // The partner registers the commitment with an indicator and Provincie Drenthe as co-partner.
        var partner = await browser.SignedInPageAsync(DemoAccounts.PartnerLimburg);
        await partner.GotoAsync("/Commitments/Create");
        await AxeAssert.NoViolationsAsync(partner, "the empty commitment form");
        var intro = await partner.Locator("main p", new() { HasTextRegex = RegisteredFor() }).First.InnerTextAsync();
        var reportYear = RegisteredFor().Match(intro).Groups[1].Value; // the commitment counts in this year's report and later ones
        await partner.GetByLabel("Titel", Exact).FillAsync(title);
        var indicator = partner.GetByRole(AriaRole.Group, new() { Name = "Indicator 1", Exact = true });
        await indicator.GetByLabel("Naam", InRow).FillAsync("gastlessen gegeven");
        await indicator.GetByLabel("Eenheid", InRow).FillAsync("aantal");
        await indicator.GetByLabel("Nulmeting", InRow).FillAsync("0");
        await indicator.GetByLabel("Doel", InRow).FillAsync("40");
        await indicator.GetByLabel("Doeldatum", InRow).FillAsync("2027-06-30");
        await partner.GetByLabel("Einddatum", Exact).FillAsync("2027-12-31");
        await partner.GetByLabel("Budget in euro's", Exact).FillAsync("12.000,00");
        await partner.GetByLabel("Leren in de techniek", Exact).CheckAsync();
        await partner.GetByLabel("Co-partner zoeken", Exact).FillAsync("Drenthe");
        await partner.GetByRole(AriaRole.Button, new() { Name = "Zoeken", Exact = true }).ClickAsync();
        await Expect(partner.Locator("#copartner-results [role=status]")).ToBeVisibleAsync();
        await AxeAssert.NoViolationsAsync(partner, "the commitment form with co-partner search results");
        await partner.GetByRole(AriaRole.Button, new() { Name = $"Toevoegen {DemoAccounts.Drenthe}", Exact = true }).ClickAsync();
        await partner.GetByLabel($"Aandeel van {DemoAccounts.LimburgSchool} (penvoerder), in %", Exact).FillAsync("75");
        await partner.GetByLabel($"Aandeel van {DemoAccounts.Drenthe}, in %", Exact).FillAsync("25");
        await AxeAssert.NoViolationsAsync(partner, "the commitment form with a co-partner");
        await Expect(partner.GetByLabel("Titel", Exact)).ToHaveValueAsync(title); // nothing typed is lost on the way
        await partner.GetByLabel("Co-partner zoeken", Exact).FillAsync(""); // a search left typed in is refused on saving
        await partner.GetByRole(AriaRole.Button, new() { Name = "Opslaan als concept", Exact = true }).ClickAsync();
        await Expect(partner).ToHaveURLAsync(DetailsUrl());
        await Expect(partner.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync(title);
        await Expect(partner.Locator("main")).ToContainTextAsync("niet bevestigd");
        await AxeAssert.NoViolationsAsync(partner, "the draft commitment");
        var detailsUrl = new Uri(partner.Url).PathAndQuery;
        var commitmentId = int.Parse(DetailsUrl().Match(detailsUrl).Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);

        // The co-partner finds the request on the commitment and confirms its share.
        var coPartner = await browser.SignedInPageAsync(DemoAccounts.PartnerDrenthe);
        await coPartner.GotoAsync(detailsUrl);
        await Expect(coPartner.GetByRole(AriaRole.Heading, new() { Name = "Uw organisatie is genoemd als co-partner" })).ToBeVisibleAsync();
        await AxeAssert.NoViolationsAsync(coPartner, "the co-partner request");
        await coPartner.GetByRole(AriaRole.Button, new() { Name = "Bevestigen", Exact = true }).ClickAsync();
        await Expect(coPartner.Locator("main")).ToContainTextAsync("Uw antwoord: bevestigd");
        await AxeAssert.NoViolationsAsync(coPartner, "the confirmed co-partner request");

        // The partner submits.
        await partner.GotoAsync(detailsUrl);
        await Expect(partner.Locator("main")).ToContainTextAsync("bevestigd");
        await partner.GetByRole(AriaRole.Button, new() { Name = "Indienen", Exact = true }).ClickAsync();
        await Expect(partner.Locator("main p .status").First).ToHaveTextAsync("Ingediend");
        await AxeAssert.NoViolationsAsync(partner, "the submitted commitment");

        // The lead of Zuid returns it with a comment.
        var lead = await browser.SignedInPageAsync(DemoAccounts.TrekkerZuid);
        await lead.GotoAsync("/Reviews");
        await AxeAssert.NoViolationsAsync(lead, "the review queue");
        await lead.GetByRole(AriaRole.Link, new() { Name = title, Exact = true }).ClickAsync();
        await Expect(lead.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync(title);
        await AxeAssert.NoViolationsAsync(lead, "the review of the commitment");
        const string comment = "Hoeveel scholen krijgen een gastles? Noem het aantal in de omschrijving.";
        await lead.GetByLabel(new Regex("^Toelichting voor de partner")).FillAsync(comment);
        await lead.GetByRole(AriaRole.Button, new() { Name = "Terugsturen", Exact = true }).ClickAsync();
        await Expect(lead.GetByRole(AriaRole.Status).First).ToBeVisibleAsync();
        await AxeAssert.NoViolationsAsync(lead, "the page after returning the commitment");

        // The partner reads the comment, changes the commitment and submits it again.
        await partner.GotoAsync(detailsUrl);
        await Expect(partner.Locator("main")).ToContainTextAsync(comment);
        await AxeAssert.NoViolationsAsync(partner, "the returned commitment with the lead's comment");
        await partner.GetByRole(AriaRole.Link, new() { Name = "Wijzigen", Exact = true }).ClickAsync();
        await AxeAssert.NoViolationsAsync(partner, "the edit form of the returned commitment");
        await partner.GetByLabel("Omschrijving", Exact).FillAsync("Veertig gastlessen op twaalf basisscholen in Zuid-Limburg.");
        await partner.GetByRole(AriaRole.Button, new() { Name = "Opslaan en indienen", Exact = true }).ClickAsync();
        await Expect(partner).ToHaveURLAsync(DetailsUrl());
        await Expect(partner.Locator("main p .status").First).ToHaveTextAsync("Ingediend");

        // The lead approves.
        await lead.GotoAsync(detailsUrl);
        await lead.GetByRole(AriaRole.Link, new() { Name = "Beoordelen", Exact = true }).ClickAsync();
        await AxeAssert.NoViolationsAsync(lead, "the review of the resubmitted commitment");
        await lead.GetByRole(AriaRole.Button, new() { Name = "Goedkeuren", Exact = true }).ClickAsync();
        await Expect(lead.GetByRole(AriaRole.Status).First).ToBeVisibleAsync();
        await partner.GotoAsync(detailsUrl);
        await Expect(partner.Locator("main p .status").First).ToHaveTextAsync("Goedgekeurd");
        await AxeAssert.NoViolationsAsync(partner, "the approved commitment");

        // The partner files its progress with a file as evidence.
        await partner.GetByRole(AriaRole.Link, new() { Name = "Voortgang rapporteren", Exact = true }).ClickAsync();
        var heading = partner.GetByRole(AriaRole.Heading, new() { Level = 1 });
        await Expect(heading).ToHaveTextAsync(ProgressHeading());
        var year = ProgressHeading().Match(await heading.InnerTextAsync()).Groups[1].Value;
        await AxeAssert.NoViolationsAsync(partner, "the progress form");
        await partner.GetByLabel("gastlessen gegeven", new() { Exact = false }).FillAsync("18");
        await partner.GetByLabel("Op koers", Exact).CheckAsync();
        await partner.GetByLabel("Toelichting", new() { Exact = false }).FillAsync("Achttien gastlessen gegeven; de rest volgt na de zomer.");
        await partner.GetByLabel("Bestand", new() { Exact = false }).SetInputFilesAsync(new FilePayload
        {
            Name = "gastlessen voorjaar.pdf",
            MimeType = "application/pdf",
            Buffer = "%PDF-1.4\n%%EOF\n"u8.ToArray(),
        });
        await partner.GetByRole(AriaRole.Button, new() { Name = "Indienen" }).ClickAsync();
        await Expect(partner.GetByRole(AriaRole.Status).First).ToContainTextAsync("ingediend");
        await Expect(partner.GetByRole(AriaRole.Link, new() { Name = "gastlessen voorjaar.pdf" })).ToBeVisibleAsync();
        await AxeAssert.NoViolationsAsync(partner, "the submitted progress update");

        // The lead approves the progress.
        await lead.GotoAsync($"/Progress/Update/{commitmentId}");
        await lead.GetByRole(AriaRole.Link, new() { Name = "Beoordelen", Exact = true }).ClickAsync();
        await Expect(lead.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync(new Regex($"^Voortgang {year} beoordelen$"));
        await AxeAssert.NoViolationsAsync(lead, "the review of the progress update");
        await lead.GetByRole(AriaRole.Button, new() { Name = "Goedkeuren", Exact = true }).ClickAsync();
        await Expect(lead.GetByRole(AriaRole.Status).First).ToContainTextAsync("goedgekeurd");
        await AxeAssert.NoViolationsAsync(lead, "the approved progress update");

        // The ministry sees it and downloads the report of the year the commitment was registered for.
        var ministry = await browser.SignedInPageAsync(DemoAccounts.Ocw);
        await AxeAssert.NoViolationsAsync(ministry, "the ministry's start page");
        await ministry.GotoAsync(detailsUrl);
        await Expect(ministry.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync(title);
        await Expect(ministry.Locator("main")).ToContainTextAsync("18");
        await AxeAssert.NoViolationsAsync(ministry, "the commitment as the ministry sees it");
        await ministry.GotoAsync("/");
        await ministry.GetByRole(AriaRole.Link, new() { Name = "Jaarrapportage", Exact = true }).ClickAsync();
        await AxeAssert.NoViolationsAsync(ministry, "the reports page");
        // The national report is made by a background job: the button leads to its progress page, which
        // refreshes itself (no script) until the file is ready; the worker here is the test's own.
        await ministry.GetByRole(AriaRole.Button, new() { Name = $"Jaarrapportage {reportYear} laten maken" }).ClickAsync();
        await Expect(ministry.Locator("#stand")).ToHaveTextAsync("In de wachtrij");
        await AxeAssert.NoViolationsAsync(ministry, "the report run in the queue");
        Assert.Equal(1, await HangfireJobs.PerformEnqueuedAsync<Commitments.Web.ReportRuns.ReportRunJob>(browser.App));
        await Expect(ministry.Locator("#stand")).ToHaveTextAsync("Klaar", new() { Timeout = 20_000 });
        await AxeAssert.NoViolationsAsync(ministry, "the finished report run");
        var download = await ministry.RunAndWaitForDownloadAsync(() =>
            ministry.GetByRole(AriaRole.Link, new() { NameRegex = new Regex(@"downloaden \(\.xlsx") }).ClickAsync());
        Assert.EndsWith(".xlsx", download.SuggestedFilename);
        var file = await download.PathAsync();

        // Playwright keeps the download under a name without extension: ClosedXML reads the stream.
        await using var stream = File.OpenRead(file);
        using var workbook = new XLWorkbook(stream);
        var cells = workbook.Worksheets
            .SelectMany(sheet => sheet.CellsUsed())
            .Where(cell => cell.GetString() == title)
            .ToList();
        Assert.True(cells.Count > 0, $"\"{title}\" is not in the report for {reportYear} (sheets: {string.Join(", ", workbook.Worksheets.Select(s => s.Name))})");
        var row = cells[0].WorksheetRow();
        var rowText = row.CellsUsed().Select(c => c.GetString()).ToList();
        Assert.Contains(DemoAccounts.LimburgSchool, rowText);
        Assert.Contains(commitmentId.ToString(System.Globalization.CultureInfo.InvariantCulture), rowText);
        Assert.Contains("Goedgekeurd", rowText); // the report is Dutch: it is the ministers' document
    }

    [GeneratedRegex(@"/Commitments/Details/(\d+)")]
    private static partial Regex DetailsUrl();

    [GeneratedRegex(@"Voor rapportagejaar (\d{4})")]
    private static partial Regex RegisteredFor();

    [GeneratedRegex(@"^Voortgang (\d{4})$")]
    private static partial Regex ProgressHeading();
}
