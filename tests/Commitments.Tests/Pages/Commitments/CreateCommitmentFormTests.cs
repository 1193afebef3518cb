using System.Net;
using Commitments.Core.Domain;
using Commitments.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Commitments.Tests.Pages.Commitments;

/// <summary>Registering a whole commitment in one form: indicators, rows added and removed without script, input kept exactly.</summary>
public sealed class CreateCommitmentFormTests(CommitmentsWebFactory app) : IClassFixture<CommitmentsWebFactory>
{
    private async Task<int> ThemeIdAsync(string name)
    {
        await using var db = app.CreateAdminDbContext();
        return await db.Themes.Where(t => t.Name == name).Select(t => t.Id).SingleAsync();
    }

    [Fact]
    public async Task The_new_commitment_form_offers_one_empty_indicator_row_and_the_lead_has_100_percent()
    {
        using var limburg = await app.SignInAsync(DemoAccounts.PartnerLimburg);
        var form = await CommitmentFormPage.OpenAsync(limburg, "/Commitments/Create");

        Assert.Equal(1, form.IndicatorRows);
        Assert.Equal("", form.Value("Form.Indicators[0].Name"));
        Assert.Equal("100", form.Value("Form.LeadShare"));
        Assert.Contains("rapportagejaar 2020", form.Document.QuerySelector("main")!.TextContent);
        // Lengths are limited in the field and said next to it.
        Assert.Equal("300", form.Document.GetElementById("Form_Title")!.GetAttribute("maxlength"));
        Assert.Contains("Hoogstens 300 tekens", form.Document.GetElementById("Form_Title_hint")!.TextContent);
        Assert.Equal("8000", form.Document.GetElementById("Form_Description")!.GetAttribute("maxlength"));
        // Every field of the indicator row has a label.
        foreach (var field in new[] { "Name", "Unit", "Baseline", "Target", "TargetDate" })
        {
            Assert.NotNull(form.Document.QuerySelector($"label[for='Form_Indicators[0]_{field}']"));
        }
    }

    [Fact]
    public async Task A_partner_registers_a_commitment_with_two_indicators_in_one_go()
    {
        using var limburg = await app.SignInAsync(DemoAccounts.PartnerLimburg);
        var theme = await ThemeIdAsync("Digitalisering");
        var form = await CommitmentFormPage.OpenAsync(limburg, "/Commitments/Create");
        form.Set("Form.Title", "Twee indicatoren in één keer")
            .Set("Form.EndDate", "2020-12-31").Set("Form.Budget", "25.000,00").Check("Form.ThemeIds", theme.ToString())
            .Set("Form.ContactName", "Anna de Vries").Set("Form.ContactEmail", "anna@techniekcollege.test")
            .Indicator(0, "stageplaatsen techniek", "aantal", "0", "1.250", "2020-12-31");
        form = await form.StepAsync(limburg, "AddIndicator");
        Assert.Equal(2, form.IndicatorRows);
        Assert.Equal("1.250", form.Value("Form.Indicators[0].Target")); // typed input survives the step
        form.Indicator(1, "docenten bijgeschoold", "procent", "12,5", "75,25", "2019-06-30");

        var id = CommitmentFormPage.IdFromRedirect(await form.PostAsync(limburg));

        await using var db = app.CreateAdminDbContext();
        var saved = await db.Commitments.Include(c => c.Indicators).Include(c => c.Themes).Include(c => c.ReportingCycle).SingleAsync(c => c.Id == id);
        Assert.Equal(CommitmentStatus.Draft, saved.Status);
        Assert.Equal(2020, saved.ReportingCycle!.Year); // the open reporting year
        Assert.Equal("Anna de Vries", saved.ContactName);
        Assert.Equal("anna@techniekcollege.test", saved.ContactEmail);
        Assert.Equal(100m, saved.LeadSharePercent);
        var indicators = saved.Indicators.OrderBy(i => i.SortOrder).ToList();
        Assert.Equal(2, indicators.Count);
        Assert.Equal(("stageplaatsen techniek", "aantal", 0m, (decimal?)1250m, (DateOnly?)new DateOnly(2020, 12, 31)),
            (indicators[0].Name, indicators[0].Unit, indicators[0].Baseline, indicators[0].Target, indicators[0].TargetDate));
        Assert.Equal(("docenten bijgeschoold", "procent", 12.5m, (decimal?)75.25m, (DateOnly?)new DateOnly(2019, 6, 30)),
            (indicators[1].Name, indicators[1].Unit, indicators[1].Baseline, indicators[1].Target, indicators[1].TargetDate));

        var created = await db.AuditEntries.SingleAsync(a => a.EntityType == nameof(Commitment) && a.EntityId == id.ToString() && a.Action == AuditActions.CommitmentCreated);
        var details = HistoryDetails.Parse(created.Details)!;
        Assert.Equal(1, details.Revision);
        Assert.Contains(details.Changes!, c => c.Field == CommitmentChanges.Title && c.From == null && c.To == "Twee indicatoren in één keer");
        Assert.Equal(2, details.Changes!.Count(c => c.Field == CommitmentChanges.Indicator && c.From == null));
    }

    [Fact]
    public async Task Adding_and_removing_rows_saves_nothing_and_keeps_everything_typed()
    {
        using var limburg = await app.SignInAsync(DemoAccounts.PartnerLimburg);
        await using var db = app.CreateAdminDbContext();
        var before = await db.Commitments.CountAsync();
        const string description = "Regel 1\r\nRegel 2 met =SOM(A1) en <b>vet</b> 🚀";
        var form = await CommitmentFormPage.OpenAsync(limburg, "/Commitments/Create");
        form.Set("Form.Title", "Nog niet opslaan").Set("Form.Description", description).Set("Form.Budget", "1.234,5")
            .Indicator(0, "eerste", "aantal", "1", "2", "2020-01-01");

        form = await form.StepAsync(limburg, "AddIndicator");
        form.Indicator(1, "tweede", "uren", "3", "4", "2021-02-02");
        form = await form.StepAsync(limburg, "AddIndicator");
        Assert.Equal(3, form.IndicatorRows);
        form = await form.StepAsync(limburg, "RemoveIndicator", ("removeIndicator", "0"));

        Assert.Equal(2, form.IndicatorRows);
        Assert.Equal("tweede", form.Value("Form.Indicators[0].Name"));
        Assert.Equal("uren", form.Value("Form.Indicators[0].Unit"));
        Assert.Equal("2021-02-02", form.Value("Form.Indicators[0].TargetDate"));
        Assert.Equal("", form.Value("Form.Indicators[1].Name"));
        Assert.Equal("Nog niet opslaan", form.Value("Form.Title"));
        // The HTML parser reads a line break in a text area as \n; a browser posts it back as \r\n.
        Assert.Equal(description, form.Value("Form.Description"));
        Assert.Equal("1.234,5", form.Value("Form.Budget"));
        Assert.Empty(form.Errors); // a step is not a save: no complaints about what is not filled in yet
        Assert.Equal(before, await db.Commitments.CountAsync());
    }

    [Fact]
    public async Task The_save_ignores_an_empty_row_and_refuses_a_half_filled_one_with_a_message_per_field()
    {
        using var limburg = await app.SignInAsync(DemoAccounts.PartnerLimburg);
        var form = await CommitmentFormPage.OpenAsync(limburg, "/Commitments/Create");
        form.Set("Form.Title", "Halve indicator");
        form = await form.StepAsync(limburg, "AddIndicator");
        form.Set("Form.Indicators[1].Target", "12.5"); // a dot instead of the Dutch comma, no name, no unit

        form = await CommitmentFormPage.FromAsync(await form.PostAsync(limburg), form.Url);

        Assert.Contains("Geef indicator 2 een naam, bijvoorbeeld ‘stageplaatsen techniek’.", form.Errors);
        Assert.Contains(form.Errors, e => e.StartsWith("Vul bij indicator 2 de eenheid in", StringComparison.Ordinal));
        Assert.Contains(form.Errors, e => e.StartsWith("Vul het doel van indicator 2 in als getal", StringComparison.Ordinal));
        Assert.DoesNotContain(form.Errors, e => e.Contains("indicator 1", StringComparison.Ordinal));
        Assert.Equal("#Form_Indicators[1]_Target", form.ErrorLinks.Single(l => l.Key.StartsWith("Vul het doel van indicator 2", StringComparison.Ordinal)).Value);
        Assert.NotNull(form.Document.GetElementById("Form_Indicators[1]_Target")); // the link finds its field
        Assert.Equal("true", form.Document.GetElementById("Form_Indicators[1]_Target")!.GetAttribute("aria-invalid"));
        Assert.Equal("12.5", form.Value("Form.Indicators[1].Target"));

        form.Set("Form.Indicators[1].Name", "leerlingen").Set("Form.Indicators[1].Unit", "aantal")
            .Set("Form.Indicators[1].Baseline", "0").Set("Form.Indicators[1].Target", "12,5");
        var id = CommitmentFormPage.IdFromRedirect(await form.PostAsync(limburg));
        await using var db = app.CreateAdminDbContext();
        var indicator = await db.Indicators.SingleAsync(i => i.CommitmentId == id);
        Assert.Equal(12.5m, indicator.Target);
    }

    public static readonly TheoryData<string> OddTexts =
    [
        "3/4", "00123", "=1+1", "<script>alert('x')</script>", "Techniek 🚀 voor iedereen", "\"aanhalingstekens\" & 'apostrof'", "  spaties eromheen  ",
    ];

    [Theory]
    [MemberData(nameof(OddTexts))]
    public async Task Text_is_stored_and_shown_exactly_as_typed(string text)
    {
        using var limburg = await app.SignInAsync(DemoAccounts.PartnerLimburg);
        var title = $"{text} {Guid.NewGuid():N}";
        var description = $"\nBegint met een lege regel\r\n{text}\r\nen eindigt met een regel\r\n";
        var form = await CommitmentFormPage.OpenAsync(limburg, "/Commitments/Create");
        form.Set("Form.Title", title).Set("Form.Description", description).Set("Form.InKindDescription", text)
            .Set("Form.ContactName", text).Indicator(0, text, text.Length > 60 ? text[..60] : text, "00123", "", "");

        var id = CommitmentFormPage.IdFromRedirect(await form.PostAsync(limburg));

        await using var db = app.CreateAdminDbContext();
        var saved = await db.Commitments.Include(c => c.Indicators).SingleAsync(c => c.Id == id);
        Assert.Equal(title, saved.Title);
        Assert.Equal(description, saved.Description);
        Assert.Equal(text, saved.InKindDescription);
        Assert.Equal(text, saved.ContactName);
        Assert.Equal(text, saved.Indicators.Single().Name);
        Assert.Equal(123m, saved.Indicators.Single().Baseline); // a number: 00123 is 123

        // The edit form gives every text back exactly (a browser posts line breaks as \r\n again).
        var edit = await CommitmentFormPage.OpenAsync(limburg, $"/Commitments/Edit/{id}");
        Assert.Equal(title, edit.Value("Form.Title"));
        Assert.Equal(description, edit.Value("Form.Description"));
        Assert.Equal(text, edit.Value("Form.InKindDescription"));
        Assert.Equal(text, edit.Value("Form.ContactName"));
        Assert.Equal(text, edit.Value("Form.Indicators[0].Name"));
        Assert.Null(edit.Document.QuerySelector("main script"));
    }

    [Fact]
    public async Task A_forged_title_of_10000_characters_is_refused_with_a_message_not_cut()
    {
        using var limburg = await app.SignInAsync(DemoAccounts.PartnerLimburg);
        var title = new string('x', 9_990) + Guid.NewGuid().ToString("N")[..10];
        var form = await CommitmentFormPage.OpenAsync(limburg, "/Commitments/Create");
        form.Set("Form.Title", title).Set("Form.Description", new string('d', 8_001))
            .Indicator(0, new string('n', 10_000), "aantal", "0", "1", "");

        var response = await form.PostAsync(limburg);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        form = await CommitmentFormPage.FromAsync(response, form.Url);
        Assert.Contains("De titel mag hoogstens 300 tekens lang zijn; hij is niet opgeslagen.", form.Errors);
        Assert.Contains(form.Errors, e => e.StartsWith("De omschrijving mag hoogstens 8000 tekens lang zijn", StringComparison.Ordinal));
        Assert.Contains(form.Errors, e => e.StartsWith("De naam van indicator 1 mag hoogstens 300 tekens lang zijn", StringComparison.Ordinal));
        Assert.Equal(title, form.Value("Form.Title")); // shown back whole, for the partner to shorten
        await using var db = app.CreateAdminDbContext();
        Assert.False(await db.Commitments.AnyAsync(c => c.Title.StartsWith("xxxxxxxxxx")));
    }

    [Theory]
    [InlineData("naam")]
    [InlineData("naam@")]
    [InlineData("naam@organisatie")]
    [InlineData("Naam <naam@organisatie.nl>")]
    [InlineData("twee@adressen.nl, drie@adressen.nl")]
    public async Task An_invalid_contact_e_mail_address_is_refused_with_a_clear_message(string email)
    {
        using var limburg = await app.SignInAsync(DemoAccounts.PartnerLimburg);
        var form = await CommitmentFormPage.OpenAsync(limburg, "/Commitments/Create");
        form.Set("Form.Title", "Contact " + email).Set("Form.ContactEmail", email);

        form = await CommitmentFormPage.FromAsync(await form.PostAsync(limburg), form.Url);

        Assert.Contains("Vul een geldig e-mailadres in, bijvoorbeeld naam@organisatie.nl.", form.Errors);
        Assert.Equal(email, form.Value("Form.ContactEmail"));
    }

    [Theory]
    [InlineData("Form.Budget", "1.234.56")]
    [InlineData("Form.Budget", "12,345")]
    [InlineData("Form.LeadShare", "100,5")]
    [InlineData("Form.LeadShare", "-5")]
    [InlineData("Form.LeadShare", "50.5")]
    [InlineData("Form.Indicators[0].Baseline", "99999999999999999999")]
    [InlineData("Form.Indicators[0].Target", "1,234")]
    public async Task Numbers_are_read_the_Dutch_way_and_anything_else_is_refused(string field, string value)
    {
        using var limburg = await app.SignInAsync(DemoAccounts.PartnerLimburg);
        var title = $"Getal {field} {value}";
        var form = await CommitmentFormPage.OpenAsync(limburg, "/Commitments/Create");
        form.Set("Form.Title", title).Indicator(0, "leerlingen", "aantal", "0", "10", "").Set(field, value);

        var response = await form.PostAsync(limburg);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        form = await CommitmentFormPage.FromAsync(response, form.Url);
        Assert.NotEmpty(form.Errors);
        Assert.Equal(value, form.Value(field));
        await using var db = app.CreateAdminDbContext();
        Assert.False(await db.Commitments.AnyAsync(c => c.Title == title));
    }

    [Fact]
    public async Task Save_and_submit_refuses_an_incomplete_commitment_and_says_per_field_what_is_missing()
    {
        using var limburg = await app.SignInAsync(DemoAccounts.PartnerLimburg);
        var form = await CommitmentFormPage.OpenAsync(limburg, "/Commitments/Create");
        Assert.Contains("een einddatum", form.Document.QuerySelector(".smart-hints")!.TextContent); // said before trying
        form.Set("Form.Title", "Nog niet SMART").Indicator(0, "deelnemers", "aantal", "0", "", "");

        form = await CommitmentFormPage.FromAsync(await form.PostAsync(limburg, "Submit"), form.Url);

        var links = form.ErrorLinks;
        Assert.Equal("#Form_ThemeIds", links["Kies minstens één thema."]);
        Assert.Equal("#Form_EndDate", links["Vul de einddatum in."]);
        Assert.Equal("#Form_Budget", links["Vul een budget of de inzet in natura in."]);
        Assert.Equal("#Form_Indicators[0]_Target", links["Vul het doel van indicator 1 in."]);
        Assert.Equal("#Form_Indicators[0]_TargetDate", links["Vul de doeldatum van indicator 1 in."]);
        Assert.Contains(form.Errors, e => e.StartsWith("De toezegging is niet ingediend en niet opgeslagen", StringComparison.Ordinal));
        Assert.NotNull(form.Document.GetElementById("Form_ThemeIds"));
        await using var db = app.CreateAdminDbContext();
        Assert.False(await db.Commitments.AnyAsync(c => c.Title == "Nog niet SMART"));
    }

    [Fact]
    public async Task Save_and_submit_of_a_complete_commitment_submits_it_records_it_and_tells_the_regional_lead()
    {
        using var limburg = await app.SignInAsync(DemoAccounts.PartnerLimburg);
        var theme = await ThemeIdAsync("Leren in de techniek");
        var form = await CommitmentFormPage.OpenAsync(limburg, "/Commitments/Create");
        form.Set("Form.Title", "Meteen ingediend").Set("Form.EndDate", "2020-12-31").Set("Form.InKindDescription", "Twee docenten, een dag per week")
            .Check("Form.ThemeIds", theme.ToString()).Indicator(0, "leerwerkplaatsen", "aantal", "10", "40", "2020-12-31");

        var id = CommitmentFormPage.IdFromRedirect(await form.PostAsync(limburg, "Submit"));

        await using var db = app.CreateAdminDbContext();
        var saved = await db.Commitments.SingleAsync(c => c.Id == id);
        Assert.Equal(CommitmentStatus.Submitted, saved.Status);
        Assert.Equal(app.Time.GetUtcNow().UtcDateTime, saved.SubmittedAt);
        var actions = await db.AuditEntries.Where(a => a.EntityType == nameof(Commitment) && a.EntityId == id.ToString())
            .OrderBy(a => a.Id).Select(a => a.Action).ToListAsync();
        Assert.Equal([AuditActions.CommitmentCreated, AuditActions.CommitmentSubmitted], actions);
        var mail = await db.OutboxMessages.SingleAsync(m => m.To == "trekker.zuid@techniekpact.test" && m.Subject.Contains("Meteen ingediend"));
        Assert.Contains($"/Commitments/Details/{id}", mail.TextBody);
    }

    [Fact]
    public async Task Forged_indicator_ids_on_a_new_commitment_are_refused()
    {
        await using var db = app.CreateAdminDbContext();
        var foreign = await db.Indicators.FirstAsync(i => i.Commitment!.Organization!.Name == DemoAccounts.Drenthe);
        using var limburg = await app.SignInAsync(DemoAccounts.PartnerLimburg);
        var form = await CommitmentFormPage.OpenAsync(limburg, "/Commitments/Create");
        form.Set("Form.Title", "Overname van een indicator").Set("Form.Indicators[0].Id", foreign.Id.ToString())
            .Indicator(0, "overgenomen", "aantal", "0", "1", "");

        form = await CommitmentFormPage.FromAsync(await form.PostAsync(limburg), form.Url);

        Assert.Contains(form.Errors, e => e.StartsWith("Indicator 1 hoort niet bij deze toezegging", StringComparison.Ordinal));
        await using var check = app.CreateAdminDbContext();
        var after = await check.Indicators.SingleAsync(i => i.Id == foreign.Id);
        Assert.Equal((foreign.Name, foreign.CommitmentId), (after.Name, after.CommitmentId));
        Assert.False(await check.Commitments.AnyAsync(c => c.Title == "Overname van een indicator"));
    }
}

/// <summary>Registering needs an open reporting year and an organisation that still takes part (a database of its own: it closes the years).</summary>
public sealed class CreateCommitmentWithoutOpenYearTests(CommitmentsWebFactory app) : IClassFixture<CommitmentsWebFactory>
{
    [Fact]
    public async Task Without_an_open_reporting_year_the_page_says_an_administrator_must_open_one_and_a_save_is_refused()
    {
        await using (var db = app.CreateAdminDbContext())
        {
            await db.ReportingCycles.ExecuteUpdateAsync(s => s.SetProperty(c => c.FrozenAt, new DateTime(2018, 4, 1, 0, 0, 0, DateTimeKind.Utc)));
        }
        using var limburg = await app.SignInAsync(DemoAccounts.PartnerLimburg);

        var (response, page) = await limburg.GetPageAsync("/Commitments/Create");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Een beheerder moet eerst een rapportagejaar openen", page.QuerySelector("main")!.TextContent);
        Assert.Null(page.QuerySelector("form.commitment-form"));

        var post = await limburg.PostFormAsync("/Commitments/Create",
            [new("Form.Title", "Zonder rapportagejaar"), new("Form.LeadShare", "100")], tokenFrom: "/Commitments");
        Assert.Equal(HttpStatusCode.OK, post.StatusCode);
        var form = await CommitmentFormPage.FromAsync(post, "/Commitments/Create");
        Assert.Contains(form.Errors, e => e.StartsWith("Er is geen rapportagejaar geopend. Een beheerder moet eerst een rapportagejaar openen", StringComparison.Ordinal));
        Assert.Equal("Zonder rapportagejaar", form.Value("Form.Title")); // the input stays on screen
        Assert.Null(form.Document.QuerySelector("button:not([hidden])[formaction$='handler=Submit']"));

        await using var check = app.CreateAdminDbContext();
        Assert.False(await check.Commitments.AnyAsync(c => c.Title == "Zonder rapportagejaar"));
    }

    [Fact]
    public async Task A_partner_of_a_deactivated_organisation_cannot_register_a_commitment()
    {
        using var groningen = await app.SignInAsync(DemoAccounts.PartnerGroningen);
        await using (var db = app.CreateAdminDbContext())
        {
            await db.Organizations.Where(o => o.Name == DemoAccounts.GroningenBusiness)
                .ExecuteUpdateAsync(s => s.SetProperty(o => o.DeactivatedAt, new DateTime(2018, 4, 1, 0, 0, 0, DateTimeKind.Utc)));
        }

        Assert.True(TestBrowser.IsAccessDenied(await groningen.GetAsync("/Commitments/Create")));
        var post = await groningen.PostFormAsync("/Commitments/Create",
            [new("Form.Title", "Na deactivering"), new("Form.LeadShare", "100")], tokenFrom: "/Commitments");
        Assert.True(TestBrowser.IsAccessDenied(post));
        await using var check = app.CreateAdminDbContext();
        Assert.False(await check.Commitments.AnyAsync(c => c.Title == "Na deactivering"));
    }
}

/// <summary>The themes offered are those of the open reporting year (a database of its own: it changes the year's themes).</summary>
public sealed class CreateCommitmentCycleThemesTests(CommitmentsWebFactory app) : IClassFixture<CommitmentsWebFactory>
{
    [Fact]
    public async Task Only_the_themes_of_the_open_reporting_year_are_offered_and_accepted()
    {
        int other;
        await using (var db = app.CreateAdminDbContext())
        {
            var cycle = await db.ReportingCycles.Include(c => c.Themes).OrderByDescending(c => c.Year).FirstAsync();
            cycle.Themes.RemoveAll(t => t.Name is not ("Digitalisering" or "Energietransitie"));
            await db.SaveChangesAsync();
            other = await db.Themes.Where(t => t.Name == "Kiezen voor techniek").Select(t => t.Id).SingleAsync();
        }
        using var limburg = await app.SignInAsync(DemoAccounts.PartnerLimburg);

        var form = await CommitmentFormPage.OpenAsync(limburg, "/Commitments/Create");
        var offered = form.Document.QuerySelectorAll("#Form_ThemeIds label").Select(l => l.TextContent).ToList();
        Assert.Equal(["Energietransitie", "Digitalisering"], offered);

        form.Set("Form.Title", "Thema van een ander jaar").Check("Form.ThemeIds", other.ToString());
        form = await CommitmentFormPage.FromAsync(await form.PostAsync(limburg), form.Url);
        Assert.Contains("Kies de thema's uit de lijst van dit rapportagejaar.", form.Errors);
        await using var check = app.CreateAdminDbContext();
        Assert.False(await check.Commitments.AnyAsync(c => c.Title == "Thema van een ander jaar"));
    }
}
