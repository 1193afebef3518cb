using System.Data.Common;
using ClosedXML.Excel;
using Commitments.Core.Domain;
using Commitments.Core.Persistence;
using Commitments.Core.Tenancy;
using Commitments.Tests.Infrastructure;
using Commitments.Web.Reporting;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Validation;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Time.Testing;

namespace Commitments.Tests.Reporting;

/// <summary>
/// The annual progress report as a minister's office receives it: built from a real database through
/// the scoped context, opened again with ClosedXML, and read by its labels.
/// </summary>
public sealed class AnnualReportBuilderTests : IAsyncLifetime
{
    // 18 June 2018, 12:30 UTC: the conference afternoon, 14:30 in Amsterdam (summer time).
    private static readonly DateTimeOffset ConferenceAfternoon = new(2018, 6, 18, 12, 30, 0, TimeSpan.Zero);

    private readonly FakeTimeProvider _time = new(ConferenceAfternoon);
    private TestDatabase _database = null!;
    private Organization _drenthe = null!;
    private int _drentheApproved, _noordDraft, _limburgApproved2017, _limburgWithdrawn, _brabantSubmitted, _drenthe2019;
    private int _zuid;

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync();
        await using var db = _database.CreateContext(DataScope.Everything("test set-up"), _time);
        var data = await ReportTestData.CreateAsync(db);
        _zuid = data.Regions["zuid"].Id;
        var (cycle2017, cycle2018, cycle2019) = (data.Cycle(2017), data.Cycle(2018), data.Cycle(2019));
        _drenthe = data.Organization("Provincie Drenthe", "Drenthe", OrganizationType.Province);
        var noordBv = data.Organization("Noordelijke Installatie BV", "Groningen");
        var limburgCollege = data.Organization("Techniekcollege Limburg", "Limburg", OrganizationType.EducationInstitution);
        var brabantBv = data.Organization("Brabantse Maakindustrie BV", "Noord-Brabant", kvkNumber: "01234567");

        var drentheApproved = data.Commitment(_drenthe, cycle2018, "3/4 van de scholen met techniekonderwijs")
            .Budget(1234.56m)
            .Period(new DateOnly(2018, 1, 1), new DateOnly(2020, 12, 31))
            .InKind("2/3 fte projectleider")
            .Themes(data.Theme("Energietransitie"), data.Theme("Digitalisering"))
            .CoPartner(noordBv, share: 40)
            .Indicators(2)
            .Progress(cycle2018, ProgressHealth.AtRisk)
            .Progress(cycle2019, ProgressHealth.Behind);
        var noordDraft = data.Commitment(noordBv, cycle2018, "Concept: nog niet ingediend").Status(CommitmentStatus.Draft).Budget(999_999m);
        var limburgApproved = data.Commitment(limburgCollege, cycle2017, "Limburgse leerwerkplaatsen")
            .Budget(500m)
            .Themes(data.Theme("Leren in de techniek"))
            .Progress(cycle2017, ProgressHealth.OnTrack)
            .Progress(cycle2018, ProgressHealth.Behind, ProgressUpdateStatus.Draft);
        var limburgWithdrawn = data.Commitment(limburgCollege, cycle2018, "Ingetrokken plan").Status(CommitmentStatus.Withdrawn).Budget(10_000m);
        var brabantSubmitted = data.Commitment(brabantBv, cycle2018, "Brabantse techniekroute").Status(CommitmentStatus.Submitted).Budget(null);
        var drenthe2019 = data.Commitment(_drenthe, cycle2019, "Pas in 2019 aangekondigd").Budget(42m);
        await db.SaveChangesAsync();

        (_drentheApproved, _noordDraft, _limburgApproved2017, _limburgWithdrawn, _brabantSubmitted, _drenthe2019) =
            (drentheApproved.Entity.Id, noordDraft.Entity.Id, limburgApproved.Entity.Id, limburgWithdrawn.Entity.Id,
             brabantSubmitted.Entity.Id, drenthe2019.Entity.Id);
    }

    public async Task DisposeAsync() => await _database.DisposeAsync();

    private async Task<ReportFile> BuildAsync(DataScope scope, int year = 2018)
    {
        await using var db = _database.CreateContext(scope, _time);
        return await new AnnualReportBuilder(db, _time).BuildAsync(year, CancellationToken.None);
    }

    private static DataScope Ministry => DataScope.NationalReadOnly("ministerie OCW");

    /// <summary>Adds commitments of Provincie Drenthe in 2018 and returns their ids, in the order added.</summary>
    private async Task<List<int>> AddCommitmentsAsync(Action<ReportTestData, ReportingCycle, Organization> build)
    {
        await using var db = _database.CreateContext(DataScope.Everything("test set-up"), _time);
        var data = await ReportTestData.CreateAsync(db);
        var cycle = await db.ReportingCycles.SingleAsync(c => c.Year == 2018);
        var lead = await db.Organizations.SingleAsync(o => o.Id == _drenthe.Id);
        build(data, cycle, lead);
        var added = db.ChangeTracker.Entries<Commitment>().Select(e => e.Entity).ToList();
        await db.SaveChangesAsync();
        return added.Select(c => c.Id).ToList();
    }

    [Fact]
    public async Task The_national_report_lists_the_commitments_of_every_region_up_to_the_cycle_year()
    {
        using var report = new ReportReader(await BuildAsync(Ministry));

        Assert.Equal(
            new[] { _drentheApproved, _limburgApproved2017, _limburgWithdrawn, _brabantSubmitted }.Order(),
            report.CommitmentIds.Order());
        Assert.Equal("Nationaal", report.SummaryValue("Reikwijdte").GetString());
        Assert.Equal("Voortgangsrapportage Techniekpact 2018", report.Summary.Cell(1, 1).GetString());
        Assert.Equal("Voortgangsrapportage-Techniekpact-2018-Nationaal.xlsx", report.File.FileName);

        var regions = report.SummaryTableByName("Landsdeel");
        Assert.Equal(["Noord", "Oost", "Zuid", "Noordwest", "Zuidwest"], regions.Keys);
        Assert.Equal(1, regions["Noord"].Cell(2).GetDouble());
        Assert.Equal(3, regions["Zuid"].Cell(2).GetDouble());
        Assert.Equal(1, regions["Zuid"].Cell(3).GetDouble()); // goedgekeurd
        Assert.Equal(500, regions["Zuid"].Cell(4).GetDouble()); // the withdrawn 10.000 is not counted
        Assert.Equal(0, regions["Oost"].Cell(2).GetDouble());
    }

    [Fact]
    public async Task A_regional_leads_report_contains_only_that_region()
    {
        using var report = new ReportReader(await BuildAsync(DataScope.ForRegion(_zuid, "landsdeeltrekker Zuid")));

        Assert.Equal(
            new[] { _limburgApproved2017, _limburgWithdrawn, _brabantSubmitted }.Order(),
            report.CommitmentIds.Order());
        Assert.All(report.CommitmentRows, r => Assert.Equal("Zuid", r.Cell(6).GetString()));
        Assert.Equal("Landsdeel Zuid", report.SummaryValue("Reikwijdte").GetString());
        Assert.Equal(["Zuid"], report.SummaryTableByName("Landsdeel").Keys);
        Assert.Equal(500, report.SummaryValue("Totaal budget (excl. ingetrokken)").GetDouble());
        Assert.Equal("Voortgangsrapportage-Techniekpact-2018-Landsdeel-Zuid.xlsx", report.File.FileName);
    }

    [Fact]
    public async Task A_joint_commitment_counts_once_divided_over_the_participants_regions_by_their_shares()
    {
        var ids = await AddCommitmentsAsync((data, cycle, lead) =>
        {
            data.Commitment(lead, cycle, "Samen met Limburg")
                .Budget(1000m)
                .Themes(data.Theme("Energietransitie"), data.Theme("Digitalisering"))
                .CoPartner(data.ExistingOrganization("Techniekcollege Limburg"), share: 25)
                .CoPartner(data.ExistingOrganization("Brabantse Maakindustrie BV"), share: 15, confirmed: false);
        });
        using var report = new ReportReader(await BuildAsync(Ministry));

        var regions = report.SummaryTableByName("Landsdeel");
        // Noord: the earlier 1.234,56 (Drenthe 60% + Noordelijke Installatie 40%, both Noord) and 60% of 1.000.
        Assert.Equal(1234.56 + 600, regions["Noord"].Cell(4).GetDouble(), 2);
        // Zuid: Limburg's own 500 plus its 25% and Brabant's 15% of the 1.000.
        Assert.Equal(500 + 250 + 150, regions["Zuid"].Cell(4).GetDouble(), 2);
        var total = report.SummaryValue("Totaal budget (excl. ingetrokken)").GetDouble();
        Assert.Equal(total, regions.Where(r => r.Key != "Landsdeel").Sum(r => r.Value.Cell(4).GetDouble()), 2);

        // Themes: the 1.000 is divided over its two themes, so the theme budgets add up too.
        var themes = report.SummaryTableByName("Thema");
        Assert.Equal(total, themes.Values.Where(r => r.Cell(3).DataType == XLDataType.Number).Sum(r => r.Cell(3).GetDouble()), 2);

        Assert.Equal("Brabantse Maakindustrie BV (15%, niet bevestigd), Techniekcollege Limburg (25%)",
            report.Cell(ids[0], "Co-partners").GetString());
    }

    [Fact]
    public async Task A_commitment_under_revision_is_reported_as_it_was_approved()
    {
        var ids = await AddCommitmentsAsync((data, cycle, lead) =>
            data.Commitment(lead, cycle, "Goedgekeurde titel").Budget(2000m).Themes(data.Theme("Energietransitie")));
        await using (var db = _database.CreateContext(DataScope.Everything("test"), _time))
        {
            var c = await db.Commitments.Include(x => x.Themes).Include(x => x.CoPartners).Include(x => x.Indicators).SingleAsync(x => x.Id == ids[0]);
            c.Status = CommitmentStatus.Submitted;
            var reviewer = new Core.Identity.AppUser { UserName = "trekker.noord@test", Email = "trekker.noord@test" };
            db.Users.Add(reviewer);
            await db.SaveChangesAsync();
            c.Approve(reviewer.Id, new DateTime(2018, 4, 1, 0, 0, 0, DateTimeKind.Utc));
            c.Revise();
            c.Title = "Nieuwe, nog niet goedgekeurde titel";
            c.BudgetEuros = 9_999_999m;
            await db.SaveChangesAsync();
        }
        using var report = new ReportReader(await BuildAsync(Ministry));
        Assert.Equal("Goedgekeurde titel", report.Cell(ids[0], "Titel").GetString());
        Assert.Equal("Goedgekeurd", report.Cell(ids[0], "Status").GetString());
        Assert.Equal(2000, report.Cell(ids[0], "Budget").GetDouble());
        Assert.DoesNotContain("Nieuwe, nog niet goedgekeurde titel", report.AllCells());
    }

    [Fact]
    public async Task Drafts_are_counted_on_the_summary_but_not_listed_and_withdrawn_budget_is_not_totalled()
    {
        using var report = new ReportReader(await BuildAsync(Ministry));

        Assert.DoesNotContain(_noordDraft, report.CommitmentIds);
        var statuses = report.SummaryTableByName("Status");
        Assert.Equal(["Concept", "Ingediend", "Teruggestuurd", "Goedgekeurd", "Ingetrokken", "Totaal in dit rapport"], statuses.Keys);
        Assert.Equal(1, statuses["Concept"].Cell(2).GetDouble());
        Assert.Equal("niet opgenomen in dit rapport", statuses["Concept"].Cell(3).GetString());
        Assert.Equal(1, statuses["Ingediend"].Cell(2).GetDouble());
        Assert.Equal(0, statuses["Teruggestuurd"].Cell(2).GetDouble());
        Assert.Equal(2, statuses["Goedgekeurd"].Cell(2).GetDouble());
        Assert.Equal(1, statuses["Ingetrokken"].Cell(2).GetDouble());
        Assert.Equal(4, statuses["Totaal in dit rapport"].Cell(2).GetDouble());

        var total = report.SummaryValue("Totaal budget (excl. ingetrokken)");
        Assert.Equal(XLDataType.Number, total.DataType);
        Assert.Equal(1734.56, total.GetDouble(), 2);
        Assert.Equal(ReportStyles.EuroFormat, total.Style.NumberFormat.Format);
    }

    [Fact]
    public async Task A_later_cycle_adds_its_commitments_and_its_progress()
    {
        using var report2018 = new ReportReader(await BuildAsync(Ministry, 2018));
        using var report2019 = new ReportReader(await BuildAsync(Ministry, 2019));

        Assert.DoesNotContain(_drenthe2019, report2018.CommitmentIds);
        Assert.Contains(_drenthe2019, report2019.CommitmentIds);
        Assert.Equal("Risico", report2018.Cell(_drentheApproved, "Laatste voortgang").GetString());
        Assert.Equal(2018, report2018.Cell(_drentheApproved, "Jaar laatste voortgang").GetDouble());
        Assert.Equal("Achter", report2019.Cell(_drentheApproved, "Laatste voortgang").GetString());
        Assert.Equal(2019, report2019.Cell(_drentheApproved, "Jaar laatste voortgang").GetDouble());
        // A progress update still in draft has not been reported: the 2017 one stays the latest.
        Assert.Equal("Op koers", report2018.Cell(_limburgApproved2017, "Laatste voortgang").GetString());
        Assert.Equal(2017, report2018.Cell(_limburgApproved2017, "Jaar laatste voortgang").GetDouble());
        Assert.True(report2018.Cell(_brabantSubmitted, "Laatste voortgang").IsEmpty());
    }

    [Fact]
    public async Task Every_column_is_dutch_and_typed_as_what_it_is()
    {
        using var report = new ReportReader(await BuildAsync(Ministry));

        Assert.Equal(
            ["Nr", "Titel", "Penvoerder", "KvK-nummer", "Type organisatie", "Landsdeel", "Provincie", "Thema's",
             "Co-partners", "Status", "Startdatum", "Einddatum", "Budget", "In natura", "Contactpersoon",
             "E-mail contactpersoon", "Indicatoren", "Laatste voortgang", "Jaar laatste voortgang", "Laatst gerapporteerd op"],
            report.Headers);

        var id = _drentheApproved;
        Assert.Equal(XLDataType.Number, report.Cell(id, "Nr").DataType);
        Assert.Equal("Provincie Drenthe", report.Cell(id, "Penvoerder").GetString());
        Assert.Equal("Provincie", report.Cell(id, "Type organisatie").GetString());
        Assert.Equal("Noord", report.Cell(id, "Landsdeel").GetString());
        Assert.Equal("Drenthe", report.Cell(id, "Provincie").GetString());
        Assert.Equal("Energietransitie, Digitalisering", report.Cell(id, "Thema's").GetString());
        Assert.Equal("Noordelijke Installatie BV (40%)", report.Cell(id, "Co-partners").GetString());
        Assert.Equal("Goedgekeurd", report.Cell(id, "Status").GetString());
        Assert.Equal("Ingediend", report.Cell(_brabantSubmitted, "Status").GetString());
        Assert.Equal("Ingetrokken", report.Cell(_limburgWithdrawn, "Status").GetString());
        Assert.Equal("Onderwijsinstelling", report.Cell(_limburgWithdrawn, "Type organisatie").GetString());
        Assert.Equal("Bedrijf", report.Cell(_brabantSubmitted, "Type organisatie").GetString());

        var start = report.Cell(id, "Startdatum");
        Assert.Equal(XLDataType.DateTime, start.DataType);
        Assert.Equal(new DateTime(2018, 1, 1), start.GetDateTime());
        Assert.Equal("dd-mm-yyyy", start.Style.NumberFormat.Format);
        Assert.Equal(new DateTime(2020, 12, 31), report.Cell(id, "Einddatum").GetDateTime());

        var budget = report.Cell(id, "Budget");
        Assert.Equal(XLDataType.Number, budget.DataType);
        Assert.Equal(1234.56, budget.GetDouble(), 2);
        Assert.Equal(ReportStyles.EuroFormat, budget.Style.NumberFormat.Format);
        Assert.True(report.Cell(_brabantSubmitted, "Budget").IsEmpty());

        var indicators = report.Cell(id, "Indicatoren");
        Assert.Equal(XLDataType.Number, indicators.DataType);
        Assert.Equal(2, indicators.GetDouble());

        var themes = report.SummaryTableByName("Thema");
        Assert.Equal(7, themes.Count); // every theme of the cycle, also those without commitments
        Assert.Equal(1, themes["Energietransitie"].Cell(2).GetDouble());
        Assert.Equal(1, themes["Leren in de techniek"].Cell(2).GetDouble());
        Assert.Equal(0, themes["Werken in de techniek"].Cell(2).GetDouble());
    }

    [Fact]
    public async Task Text_stays_exactly_as_typed()
    {
        string[] titles = ["3/4", "00123", "TRUE", "18-06-2018", "1,5e3", " spaties rondom "];
        var ids = await AddCommitmentsAsync((data, cycle, lead) =>
        {
            foreach (var title in titles)
            {
                data.Commitment(lead, cycle, title);
            }
        });

        using var report = new ReportReader(await BuildAsync(Ministry));

        foreach (var (id, title) in ids.Zip(titles))
        {
            var cell = report.Cell(id, "Titel");
            Assert.Equal(XLDataType.Text, cell.DataType);
            Assert.Equal(title, cell.GetString());
        }
        var kvk = report.Cell(_brabantSubmitted, "KvK-nummer");
        Assert.Equal(XLDataType.Text, kvk.DataType);
        Assert.Equal("01234567", kvk.GetString());
        var inKind = report.Cell(_drentheApproved, "In natura");
        Assert.Equal(XLDataType.Text, inKind.DataType);
        Assert.Equal("2/3 fte projectleider", inKind.GetString());
    }

    [Theory]
    [InlineData("=HYPERLINK(\"http://x\")")]
    [InlineData("+31 6 12345678")]
    [InlineData("@SUM(A1)")]
    [InlineData("-2+3")]
    [InlineData("=1+1")]
    public async Task Text_that_looks_like_a_formula_is_stored_as_text(string typed)
    {
        var id = (await AddCommitmentsAsync((data, cycle, lead) => data.Commitment(lead, cycle, typed).InKind(typed))).Single();

        using var report = new ReportReader(await BuildAsync(Ministry));

        foreach (var cell in new[] { report.Cell(id, "Titel"), report.Cell(id, "In natura") })
        {
            Assert.False(cell.HasFormula);
            Assert.Equal(XLDataType.Text, cell.DataType);
            Assert.Equal(typed, cell.GetString());
            // Excel's quote prefix: still text when someone edits the cell and presses Enter.
            Assert.True(cell.Style.IncludeQuotePrefix);
        }
        // Read from the package itself too: not a single formula in any worksheet.
        Assert.Empty(report.RawWorksheetElements("f"));
    }

    [Fact]
    public async Task The_header_row_is_frozen_and_filterable()
    {
        using var report = new ReportReader(await BuildAsync(Ministry));

        var sheet = report.Commitments;
        Assert.Equal(1, sheet.SheetView.SplitRow);
        Assert.Equal(0, sheet.SheetView.SplitColumn);
        // An Excel table over the list: filter buttons on every header.
        var table = Assert.Single(sheet.Tables);
        Assert.Equal("A1:T5", table.RangeAddress.ToString());
        Assert.True(table.ShowAutoFilter);
        Assert.True(sheet.Row(1).Cell(1).Style.Font.Bold);
        Assert.All(Enumerable.Range(1, 20), c => Assert.True(sheet.Column(c).Width > 5));
    }

    [Fact]
    public async Task The_file_is_a_valid_spreadsheet_package_also_with_control_characters_in_text()
    {
        // Schema-valid Open XML is what keeps Excel from offering to "repair" the file. A control
        // character pasted into a form cannot be written to XML as is; it must survive, escaped.
        var id = (await AddCommitmentsAsync((data, cycle, lead) => data.Commitment(lead, cycle, "=1+1\u0001 met stuurteken").InKind("+31 6"))).Single();
        var file = await BuildAsync(Ministry);

        using var package = SpreadsheetDocument.Open(new MemoryStream(file.Content), isEditable: false);
        var errors = new OpenXmlValidator(FileFormatVersions.Office2010).Validate(package)
            .Select(e => $"{e.Part?.Uri} {e.Path?.XPath}: {e.Description}")
            .ToList();
        Assert.Empty(errors);
        using var report = new ReportReader(file);
        Assert.Equal("=1+1\u0001 met stuurteken", report.Cell(id, "Titel").GetString());
        Assert.Equal("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ReportFile.ContentType);
    }

    [Fact]
    public async Task Without_a_scope_there_is_no_report()
    {
        await Assert.ThrowsAsync<ReportScopeNotAllowedException>(() => BuildAsync(DataScope.None));
        await Assert.ThrowsAsync<ReportScopeNotAllowedException>(() => BuildAsync(DataScope.ForOrganization(999_999, "partner without organisation")));
    }

    [Fact]
    public async Task An_unknown_cycle_year_is_refused()
    {
        var e = await Assert.ThrowsAsync<ReportCycleNotFoundException>(() => BuildAsync(Ministry, 2030));
        Assert.Equal(2030, e.Year);
    }

    [Fact]
    public async Task The_same_data_at_the_same_moment_gives_the_same_workbook()
    {
        using var first = new ReportReader(await BuildAsync(Ministry));
        using var second = new ReportReader(await BuildAsync(Ministry));
        Assert.Equal(first.AllCells(), second.AllCells());

        Assert.Equal(first.File.Content, second.File.Content);

        var generated = first.SummaryValue("Stand van de gegevens");
        Assert.Equal(XLDataType.DateTime, generated.DataType);
        Assert.Equal(new DateTime(2018, 6, 18, 14, 30, 0), generated.GetDateTime()); // Amsterdam, summer time
        Assert.Equal("dd-mm-yyyy hh:mm", generated.Style.NumberFormat.Format);

        _time.Advance(TimeSpan.FromDays(180)); // 15 December: winter time, one hour ahead of UTC
        using var later = new ReportReader(await BuildAsync(Ministry));
        Assert.Equal(new DateTime(2018, 12, 15, 13, 30, 0), later.SummaryValue("Stand van de gegevens").GetDateTime());
    }

    [Fact]
    public async Task The_workbook_has_every_sheet_in_dutch_made_for_reading_and_printing()
    {
        using var report = new ReportReader(await BuildAsync(Ministry));

        Assert.Equal(
            ["Samenvatting", "Per thema", "Per landsdeel", "Toezeggingen", "Indicatoren", "Voortgang", "Niet gerapporteerd", "Toelichting"],
            report.Workbook.Worksheets.Select(w => w.Name));
        Assert.Equal("Voortgangsrapportage Techniekpact 2018 - Nationaal", report.Workbook.Properties.Title);
        Assert.Equal("Nationaal Techniekpact", report.Workbook.Properties.Author);
        foreach (var name in new[] { "Per thema", "Per landsdeel", "Toezeggingen", "Indicatoren", "Voortgang", "Niet gerapporteerd" })
        {
            var sheet = report.Workbook.Worksheet(name);
            Assert.Equal(1, sheet.SheetView.SplitRow);
            var table = Assert.Single(sheet.Tables);
            Assert.True(table.ShowAutoFilter, name);
            Assert.Equal(sheet.Row(1).CellsUsed().Select(c => c.GetString()), table.Fields.Select(f => f.Name));
            Assert.Equal(XLPageOrientation.Landscape, sheet.PageSetup.PageOrientation);
            Assert.Equal(1, sheet.PageSetup.PagesWide);
            Assert.Equal(0, sheet.PageSetup.PagesTall);
            Assert.Equal(1, sheet.PageSetup.FirstRowToRepeatAtTop);
            Assert.Equal(1, sheet.PageSetup.LastRowToRepeatAtTop);
            Assert.All(Enumerable.Range(1, table.Fields.Count()), c => Assert.True(sheet.Column(c).Width > 5, $"{name} column {c}"));
        }
        // Progress towards targets as data bars, on the indicators and on both breakdowns.
        Assert.Equal(3, report.RawWorksheetElements("dataBar").Count);
        Assert.Empty(report.RawWorksheetElements("f"));
        Assert.Equal(ReportStyles.PercentFormat, report.SummaryValue("Aandeel gerapporteerd").Style.NumberFormat.Format);
        Assert.Equal(ReportStyles.DateFormat, report.Cell(_drentheApproved, "Einddatum").Style.NumberFormat.Format);
    }

    [Fact]
    public async Task Per_theme_and_per_region_a_joint_commitment_counts_once_by_its_shares()
    {
        // A joint commitment across two landsdelen: Drenthe (Noord) leads with 75%, the Limburg college (Zuid) has 25%.
        var joint = (await AddCommitmentsAsync((data, cycle, lead) =>
            data.Commitment(lead, cycle, "Gezamenlijk over twee landsdelen").Budget(1000m)
                .Themes(data.Theme("Digitalisering"))
                .CoPartner(data.ExistingOrganization("Techniekcollege Limburg"), share: 25, confirmed: false))).Single();
        using var report = new ReportReader(await BuildAsync(Ministry));

        var regions = report.ListRows("Per landsdeel").ToDictionary(r => r["Landsdeel"].GetString());
        var inReport = report.CommitmentRows.Count;
        Assert.Equal(inReport, regions.Values.Sum(r => r["Toezeggingen naar aandeel"].GetDouble()), 2);
        var total = report.SummaryValue("Totaal budget (excl. ingetrokken)").GetDouble();
        Assert.Equal(total, regions.Values.Sum(r => r["Budget naar aandeel (excl. ingetrokken)"].GetDouble()), 2);
        Assert.Equal(1234.56 + 750, regions["Noord"]["Budget naar aandeel (excl. ingetrokken)"].GetDouble(), 2);
        Assert.Equal(500 + 250, regions["Zuid"]["Budget naar aandeel (excl. ingetrokken)"].GetDouble(), 2);
        Assert.Equal(2, regions["Noord"]["Aantal toezeggingen"].GetDouble()); // led in Noord

        var themes = report.ListRows("Per thema").ToDictionary(r => r["Thema"].GetString());
        Assert.Equal(total, themes.Values.Sum(r => r["Budget naar aandeel (excl. ingetrokken)"].GetDouble()), 2);
        Assert.Equal(1234.56 / 2 + 1000, themes["Digitalisering"]["Budget naar aandeel (excl. ingetrokken)"].GetDouble(), 2);

        // The matrix on the summary: counts by the lead's landsdeel, budget by shares.
        var matrix = report.SummaryTableByName("Thema (budget)");
        Assert.Equal(1234.56 / 2 + 750, matrix["Digitalisering"].Cell(5).GetDouble(), 2); // Noord: the first landsdeel
        Assert.Equal(total, matrix.Values.Sum(r => r.Cell(5 + 5).GetDouble()), 2);
        Assert.Equal("Provincie Drenthe", report.Cell(joint, "Penvoerder").GetString());
        Assert.Equal("Techniekcollege Limburg (25%, niet bevestigd)", report.Cell(joint, "Co-partners").GetString());
    }

    [Fact]
    public async Task Progress_of_the_cycle_who_reported_and_who_did_not_and_progress_towards_targets()
    {
        var withValue = (await AddCommitmentsAsync((data, cycle, lead) =>
        {
            var builder = data.Commitment(lead, cycle, "Met gemeten waarde").Themes(data.Theme("Energietransitie"));
            var update = new ProgressUpdate { ReportingCycle = cycle, Health = ProgressHealth.OnTrack, Status = ProgressUpdateStatus.Approved, Narrative = "Regel één\nRegel twee" };
            update.Values.Add(new IndicatorValue { Indicator = builder.Entity.Indicators.Single(), Value = 90 });
            builder.Entity.ProgressUpdates.Add(update);
        })).Single();
        using var report = new ReportReader(await BuildAsync(Ministry));

        // Reporting: the approved commitments (Drenthe's, Limburg's of 2017, the new one); reported: Drenthe (risico), the new one (op koers).
        Assert.Equal(3, report.SummaryValue("Toezeggingen die rapporteren").GetDouble());
        Assert.Equal(2, report.SummaryValue("Gerapporteerd").GetDouble());
        Assert.Equal(2.0 / 3, report.SummaryValue("Aandeel gerapporteerd").GetDouble(), 4);
        Assert.Equal(0.5, report.SummaryValue("Op koers").GetDouble(), 4);
        Assert.Equal(0.5, report.SummaryValue("Risico").GetDouble(), 4);
        Assert.Equal(0, report.SummaryValue("Achter").GetDouble(), 4);

        var notReported = Assert.Single(report.ListRows("Niet gerapporteerd"));
        Assert.Equal("Techniekcollege Limburg", notReported["Organisatie"].GetString());
        Assert.Equal(_limburgApproved2017, (int)notReported["Nr toezegging"].GetDouble());
        Assert.Equal("Concept", notReported["Stand"].GetString());

        var progress = report.ListRows("Voortgang");
        Assert.Equal([_drentheApproved, withValue], progress.Select(r => (int)r["Nr toezegging"].GetDouble()).Order());
        var filed = progress.Single(r => (int)r["Nr toezegging"].GetDouble() == withValue);
        Assert.Equal("Regel één\nRegel twee", filed["Toelichting"].GetString());
        Assert.Equal("Op koers", filed["Stand"].GetString());
        Assert.Equal("Goedgekeurd", filed["Status rapportage"].GetString());

        var indicator = report.ListRows("Indicatoren").Single(r => (int)r["Nr toezegging"].GetDouble() == withValue);
        Assert.Equal(90, indicator["Laatste waarde"].GetDouble());
        Assert.Equal(0.75, indicator["Voortgang (%)"].GetDouble(), 4); // 90 of 0 → 120
        Assert.Equal(ReportStyles.PercentFormat, indicator["Voortgang (%)"].Style.NumberFormat.Format);
        Assert.Equal(120, indicator["Streefwaarde"].GetDouble());
        var energy = report.ListRows("Per thema").Single(r => r["Thema"].GetString() == "Energietransitie");
        Assert.Equal(0.75, energy["Gemiddelde voortgang naar streefwaarde"].GetDouble(), 4);
        Assert.Equal("Op koers", report.Cell(withValue, "Laatste voortgang").GetString());
    }

    [Fact]
    public async Task A_partner_gets_what_its_organisation_leads_or_shares_and_nothing_else()
    {
        await using (var db = _database.CreateContext(DataScope.Everything("test"), _time))
        {
            var noordBv = await db.Organizations.SingleAsync(o => o.Name == "Noordelijke Installatie BV");
            using var partner = new ReportReader(await BuildAsync(DataScope.ForOrganization(noordBv.Id, "partner Noordelijke Installatie")));
            Assert.Equal("Organisatie Noordelijke Installatie BV", partner.SummaryValue("Reikwijdte").GetString());
            Assert.Contains("Organisatie-Noordelijke-Installatie-BV", partner.File.FileName);
            // Co-partner in Drenthe's commitment; its own draft is counted but not listed.
            Assert.Equal([_drentheApproved], partner.CommitmentIds);
            Assert.Equal(1, partner.SummaryTableByName("Status")["Concept"].Cell(2).GetDouble());
            AssertOnlyCommitments(partner, [_drentheApproved]);
        }
        var limburg = await LimburgCollegeIdAsync();
        using var college = new ReportReader(await BuildAsync(DataScope.ForOrganization(limburg, "partner Limburg")));
        Assert.Equal([_limburgApproved2017, _limburgWithdrawn], college.CommitmentIds.Order());
        AssertOnlyCommitments(college, [_limburgApproved2017, _limburgWithdrawn]);
        Assert.DoesNotContain(college.AllCells(), c => c.Contains("Drenthe", StringComparison.Ordinal) || c.Contains("Brabant", StringComparison.Ordinal));

        using var zuid = new ReportReader(await BuildAsync(DataScope.ForRegion(_zuid, "lead Zuid")));
        AssertOnlyCommitments(zuid, [_limburgApproved2017, _limburgWithdrawn, _brabantSubmitted]);
        Assert.DoesNotContain(zuid.AllCells(), c => c.Contains("Drenthe", StringComparison.Ordinal));
    }

    private async Task<int> LimburgCollegeIdAsync()
    {
        await using var db = _database.CreateContext(DataScope.Everything("test"), _time);
        return await db.Organizations.Where(o => o.Name == "Techniekcollege Limburg").Select(o => o.Id).SingleAsync();
    }

    /// <summary>Every list sheet names only these commitments.</summary>
    private static void AssertOnlyCommitments(ReportReader report, int[] ids)
    {
        Assert.Equal(ids.Order(), report.CommitmentIds.Order());
        foreach (var sheet in new[] { "Indicatoren", "Voortgang", "Niet gerapporteerd" })
        {
            Assert.All(report.ListRows(sheet), r => Assert.Contains((int)r["Nr toezegging"].GetDouble(), ids));
        }
    }

    // SQLite only (PostgreSQL refuses such a text at the column): CI's PostgreSQL pass leaves it out by this category.
    [SkippableFact]
    [Trait("Category", TestEnvironment.OncePerRun)]
    public async Task A_text_longer_than_a_cell_holds_is_cut_with_a_visible_marker()
    {
        // The forms keep texts short; data imported from the old spreadsheets may not be. PostgreSQL
        // enforces the column's length, so only SQLite can hold such a text; CellTextTests cover the cut itself.
        Skip.If(_database.Provider == Commitments.Core.Persistence.DatabaseProvider.Postgres, "PostgreSQL keeps in-kind texts to 2,000 characters.");
        var longText = string.Concat(Enumerable.Repeat("abcdefghij", 4_000)) + "EINDE";
        var id = (await AddCommitmentsAsync((data, cycle, lead) => data.Commitment(lead, cycle, "Lange toelichting").InKind(longText))).Single();
        using var report = new ReportReader(await BuildAsync(Ministry));

        var cell = report.Cell(id, "In natura").GetString();
        Assert.Equal(32_767, cell.Length);
        Assert.EndsWith("… [ingekort]", cell, StringComparison.Ordinal);
        Assert.StartsWith(longText[..1000], cell, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("tab\tregel\r\nregel")]
    [InlineData("🚀 raket")]
    public async Task Odd_characters_come_back_exactly(string text)
    {
        var id = (await AddCommitmentsAsync((data, cycle, lead) => data.Commitment(lead, cycle, "Vreemde tekens").InKind(text))).Single();
        using var report = new ReportReader(await BuildAsync(Ministry));
        Assert.Equal(text, report.Cell(id, "In natura").GetString());
    }

    [Fact]
    public async Task The_build_reports_its_progress_from_0_to_100_and_can_write_to_a_stream_that_cannot_seek()
    {
        var seen = new List<int>();
        await using var db = _database.CreateContext(Ministry, _time);
        using var output = new ForwardOnlyStream();
        var name = await new AnnualReportBuilder(db, _time).BuildAsync(2018, output, new SynchronousProgress(seen.Add), null, CancellationToken.None);

        Assert.Equal("Voortgangsrapportage-Techniekpact-2018-Nationaal.xlsx", name);
        Assert.Equal(0, seen[0]);
        Assert.Equal(100, seen[^1]);
        Assert.Equal(seen.Order(), seen);
        using var report = new ReportReader(new ReportFile(name, output.Written.ToArray()));
        Assert.Equal(4, report.CommitmentRows.Count);
        Assert.Equal("ministerie OCW", report.Workbook.Worksheet("Toelichting").Column(1).CellsUsed()
            .Single(c => c.GetString() == "Gemaakt door").CellRight().GetString());
    }

    private sealed class SynchronousProgress(Action<int> report) : IProgress<int>
    {
        public void Report(int value) => report(value);
    }

    /// <summary>Like an HTTP response body: written once, front to back.</summary>
    private sealed class ForwardOnlyStream : Stream
    {
        public MemoryStream Written { get; } = new();
        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => Written.Position; set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => Written.Write(buffer, offset, count);
    }

    [Fact]
    public async Task The_number_of_queries_does_not_grow_with_the_number_of_commitments()
    {
        var before = await CountQueriesAsync();
        await AddCommitmentsAsync((data, cycle, lead) =>
        {
            for (var i = 0; i < 25; i++)
            {
                data.Commitment(lead, cycle, $"Extra toezegging {i}")
                    .Themes(data.Themes[i % data.Themes.Count])
                    .Indicators(3)
                    .Progress(cycle, ProgressHealth.OnTrack);
            }
        });
        var after = await CountQueriesAsync();

        Assert.Equal(before.Queries, after.Queries);
        Assert.Equal(before.Rows + 25, after.Rows);
    }

    private async Task<(int Queries, int Rows)> CountQueriesAsync()
    {
        var counter = new CommandCounter();
        var options = new DbContextOptionsBuilder<CommitmentsDbContext>(_database.Options()).AddInterceptors(counter).Options;
        await using var db = new CommitmentsDbContext(options, new ExplicitDataScopeAccessor(Ministry), _time);
        using var report = new ReportReader(await new AnnualReportBuilder(db, _time).BuildAsync(2018, CancellationToken.None));
        return (counter.Count, report.CommitmentRows.Count);
    }

    /// <summary>Counts every command sent to the database, synchronous or not.</summary>
    private sealed class CommandCounter : DbCommandInterceptor
    {
        public int Count;

        public override InterceptionResult<DbDataReader> ReaderExecuting(
            DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result)
        {
            Interlocked.Increment(ref Count);
            return result;
        }

        public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(
            DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
        {
            Interlocked.Increment(ref Count);
            return ValueTask.FromResult(result);
        }

        public override InterceptionResult<object> ScalarExecuting(
            DbCommand command, CommandEventData eventData, InterceptionResult<object> result)
        {
            Interlocked.Increment(ref Count);
            return result;
        }

        public override ValueTask<InterceptionResult<object>> ScalarExecutingAsync(
            DbCommand command, CommandEventData eventData, InterceptionResult<object> result, CancellationToken cancellationToken = default)
        {
            Interlocked.Increment(ref Count);
            return ValueTask.FromResult(result);
        }
    }
}
