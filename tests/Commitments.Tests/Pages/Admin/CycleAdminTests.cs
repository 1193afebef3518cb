using System.Net;
using Commitments.Core.Domain;
using Commitments.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using static Commitments.Tests.Pages.Admin.AdminTestSupport;

namespace Commitments.Tests.Pages.Admin;

/// <summary>Reporting years: list, create, change, the themes of a year, and what is refused.</summary>
public sealed class CycleAdminTests(CommitmentsWebFactory app) : IClassFixture<CommitmentsWebFactory>
{
    private async Task<ReportingCycle> AddCycleAsync(int year, DateTime? frozenAt = null)
    {
        await using var db = app.CreateAdminDbContext();
        var themes = await db.Themes.OrderBy(t => t.SortOrder).Take(2).ToListAsync();
        var cycle = new ReportingCycle
        {
            Year = year, UpdatesDueOn = new DateOnly(year, 5, 1), FreezesOn = new DateOnly(year, 6, 18),
            FrozenAt = frozenAt, Themes = themes,
        };
        db.ReportingCycles.Add(cycle);
        await db.SaveChangesAsync();
        return cycle;
    }

    private async Task<Dictionary<string, int>> ThemeIdsAsync()
    {
        await using var db = app.CreateAdminDbContext();
        return await db.Themes.ToDictionaryAsync(t => t.Name, t => t.Id);
    }

    private static IEnumerable<KeyValuePair<string, string>> CycleForm(string year, string due, string freezes, string before = "14",
        string after = "7", params int[] themeIds) =>
        Form(("Form.Year", year), ("Form.UpdatesDueOn", due), ("Form.FreezesOn", freezes),
                ("Form.FirstReminderDaysBefore", before), ("Form.EscalateDaysAfter", after))
            .Concat(themeIds.Select(id => new KeyValuePair<string, string>("Form.ThemeIds", id.ToString())));

    [Fact]
    public async Task The_list_shows_every_year_newest_first_with_its_deadlines_and_themes()
    {
        using var admin = await app.SignInAsync(DemoAccounts.Admin);
        var (response, page) = await admin.GetPageAsync("/Admin/Cycles");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var rows = page.QuerySelectorAll("tbody tr").Select(r => r.TextContent).ToList();
        var years = page.QuerySelectorAll("tbody th a").Select(a => int.Parse(a.TextContent)).ToList();
        Assert.Equal(years.OrderDescending(), years);
        Assert.Contains(2018, years);
        var row2018 = rows[years.IndexOf(2018)];
        Assert.Contains("01-05-2018", row2018);
        Assert.Contains("18-06-2018", row2018);
        Assert.Contains("Energietransitie", row2018);
        Assert.Contains("Open", row2018);
    }

    [Fact]
    public async Task The_new_year_form_proposes_the_year_after_the_last_with_its_themes_and_reminder_policy()
    {
        await using (var db = app.CreateAdminDbContext())
        {
            var last = await db.ReportingCycles.Include(c => c.Themes).OrderByDescending(c => c.Year).FirstAsync();
            using var admin = await app.SignInAsync(DemoAccounts.Admin);
            var (_, page) = await admin.GetPageAsync("/Admin/Cycles/Edit");

            Assert.Equal((last.Year + 1).ToString(), page.QuerySelector("#Form_Year")!.GetAttribute("value"));
            Assert.Equal(last.FirstReminderDaysBefore.ToString(), page.QuerySelector("#Form_FirstReminderDaysBefore")!.GetAttribute("value"));
            var ticked = page.QuerySelectorAll("input[name='Form.ThemeIds'][checked]").Select(i => int.Parse(i.GetAttribute("value")!)).ToList();
            Assert.Equal(last.Themes.Select(t => t.Id).Order(), ticked.Order());
        }
    }

    [Fact]
    public async Task An_administrator_creates_a_year_with_its_themes_and_the_history_records_it()
    {
        var themes = await ThemeIdsAsync();
        using var admin = await app.SignInAsync(DemoAccounts.Admin);

        var response = await admin.PostFormAsync("/Admin/Cycles/Edit",
            CycleForm("2031", "2031-05-01", "2031-06-18", "21", "10", themes["Digitalisering"], themes["Energietransitie"]));

        Assert.Contains("Rapportagejaar 2031 is opgeslagen", await FollowAsync(admin, response));
        await using var db = app.CreateAdminDbContext();
        var cycle = await db.ReportingCycles.Include(c => c.Themes).SingleAsync(c => c.Year == 2031);
        Assert.Equal((new DateOnly(2031, 5, 1), new DateOnly(2031, 6, 18), 21, 10, (DateTime?)null),
            (cycle.UpdatesDueOn, cycle.FreezesOn, cycle.FirstReminderDaysBefore, cycle.EscalateDaysAfter, cycle.FrozenAt));
        Assert.Equal(["Digitalisering", "Energietransitie"], cycle.Themes.Select(t => t.Name).Order());
        var line = Assert.Single(await HistoryAsync(app, nameof(ReportingCycle), cycle.Id));
        Assert.Equal(AuditActions.CycleCreated, line.Action);
        Assert.Equal(DemoAccounts.Admin, line.UserName);
        Assert.Equal(new FieldChange("Year", null, "2031"), Change(line, "Year"));
        Assert.Equal(new FieldChange("Themes", null, "Digitalisering, Energietransitie"), Change(line, "Themes"));
    }

    [Fact]
    public async Task An_administrator_changes_the_deadlines_offsets_and_themes_of_an_open_year()
    {
        var cycle = await AddCycleAsync(2032);
        var themes = await ThemeIdsAsync();
        using var admin = await app.SignInAsync(DemoAccounts.Admin);

        var response = await admin.PostFormAsync($"/Admin/Cycles/Edit/{cycle.Id}",
            CycleForm("2032", "15-05-2032", "2032-06-20", "0", "365", themes["Werken in de techniek"]));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        await using var db = app.CreateAdminDbContext();
        var saved = await db.ReportingCycles.Include(c => c.Themes).SingleAsync(c => c.Id == cycle.Id);
        Assert.Equal((new DateOnly(2032, 5, 15), new DateOnly(2032, 6, 20), 0, 365),
            (saved.UpdatesDueOn, saved.FreezesOn, saved.FirstReminderDaysBefore, saved.EscalateDaysAfter));
        Assert.Equal(["Werken in de techniek"], saved.Themes.Select(t => t.Name));
        var line = Assert.Single(await HistoryAsync(app, nameof(ReportingCycle), cycle.Id));
        Assert.Equal(AuditActions.CycleChanged, line.Action);
        Assert.Equal(new FieldChange("UpdatesDueOn", "01-05-2032", "15-05-2032"), Change(line, "UpdatesDueOn"));
        Assert.Equal("Werken in de techniek", Change(line, "Themes").To);
        Assert.DoesNotContain(HistoryDetails.Parse(line.Details)!.Changes!, c => c.Field == "Year");
    }

    public static readonly TheoryData<string, string, string, string, string, string> BadInput = new()
    {
        // year, due, freezes, before, after, expected message
        { "abc", "2040-05-01", "2040-06-18", "14", "7", "Vul een jaartal in tussen 2000 en 2100" },
        { "1999", "2040-05-01", "2040-06-18", "14", "7", "Vul een jaartal in tussen 2000 en 2100" },
        { "99999999999", "2040-05-01", "2040-06-18", "14", "7", "Vul een jaartal in tussen 2000 en 2100" },
        { "2040", "", "2040-06-18", "14", "7", "Vul de datum in waarop de voortgang binnen moet zijn" },
        { "2040", "2040-02-31", "2040-06-18", "14", "7", "Vul de datum in waarop de voortgang binnen moet zijn" },
        { "2040", "2040-05-01", "morgen", "14", "7", "Vul de datum van bevriezing in" },
        { "2040", "2040-06-18", "2040-05-01", "14", "7", "De rapportage wordt bevroren ná de datum" },
        { "2040", "2040-06-18", "2040-06-18", "14", "7", "De rapportage wordt bevroren ná de datum" },
        { "2040", "2040-05-01", "2040-06-18", "366", "7", "Vul een aantal dagen in van 0 tot en met 365" },
        { "2040", "2040-05-01", "2040-06-18", "14", "-1", "Vul een aantal dagen in van 0 tot en met 365" },
        { "2040", "2040-05-01", "2040-06-18", "veertien", "7", "Vul een aantal dagen in van 0 tot en met 365" },
    };

    [Theory]
    [MemberData(nameof(BadInput))]
    public async Task Bad_input_is_refused_with_a_message_in_Dutch_and_English_and_nothing_is_saved(
        string year, string due, string freezes, string before, string after, string message)
    {
        using var admin = await app.SignInAsync(DemoAccounts.Admin);
        await using var db = app.CreateAdminDbContext();
        var count = await db.ReportingCycles.CountAsync();

        var response = await admin.PostFormAsync("/Admin/Cycles/Edit", CycleForm(year, due, freezes, before, after));

        var errors = await RefusedAsync(response);
        Assert.Contains(message, errors);
        Assert.Contains("(", errors); // the English text follows the Dutch
        Assert.Equal(count, await db.ReportingCycles.CountAsync());
        // What was typed is kept in the form.
        var page = TestBrowser.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(year, page.QuerySelector("#Form_Year")!.GetAttribute("value"));
    }

    [Theory]
    [InlineData("999999")]
    [InlineData("drie")]
    public async Task A_forged_theme_is_refused(string themeId)
    {
        using var admin = await app.SignInAsync(DemoAccounts.Admin);
        var response = await admin.PostFormAsync("/Admin/Cycles/Edit",
            CycleForm("2041", "2041-05-01", "2041-06-18").Append(new("Form.ThemeIds", themeId)));

        Assert.Contains("Kies thema's uit de lijst", await RefusedAsync(response));
        await using var db = app.CreateAdminDbContext();
        Assert.False(await db.ReportingCycles.AnyAsync(c => c.Year == 2041));
    }

    [Fact]
    public async Task A_year_that_exists_is_refused_with_a_message_when_created_or_when_another_year_is_changed_to_it()
    {
        var other = await AddCycleAsync(2033);
        using var admin = await app.SignInAsync(DemoAccounts.Admin);

        var created = await admin.PostFormAsync("/Admin/Cycles/Edit", CycleForm("2018", "2018-05-01", "2018-06-18"));
        Assert.Contains("Er is al een rapportagejaar 2018.", await RefusedAsync(created));

        var changed = await admin.PostFormAsync($"/Admin/Cycles/Edit/{other.Id}", CycleForm("2018", "2018-05-01", "2018-06-18"));
        Assert.Contains("Er is al een rapportagejaar 2018", await RefusedAsync(changed));

        await using var db = app.CreateAdminDbContext();
        Assert.Equal(1, await db.ReportingCycles.CountAsync(c => c.Year == 2018));
        Assert.Equal(2033, (await db.ReportingCycles.SingleAsync(c => c.Id == other.Id)).Year);
    }

    [Fact]
    public async Task A_frozen_year_is_shown_read_only_and_refuses_changes()
    {
        var frozen = await AddCycleAsync(2016, frozenAt: new DateTime(2016, 6, 18, 14, 0, 0, DateTimeKind.Utc));
        using var admin = await app.SignInAsync(DemoAccounts.Admin);

        var (response, page) = await admin.GetPageAsync($"/Admin/Cycles/Edit/{frozen.Id}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Null(page.QuerySelector("main form"));
        Assert.Contains("Dit rapportagejaar is bevroren op 18-06-2016 16:00", page.Body!.TextContent);
        Assert.Contains("01-05-2016", page.QuerySelector("dl.facts")!.TextContent);

        var post = await admin.PostFormAsync($"/Admin/Cycles/Edit/{frozen.Id}",
            CycleForm("2017", "2017-05-01", "2017-06-18", "1", "1"), tokenFrom: "/Admin/Cycles/Edit");
        Assert.Contains("Dit rapportagejaar is bevroren en kan niet meer worden gewijzigd", await RefusedAsync(post));

        await using var db = app.CreateAdminDbContext();
        var stored = await db.ReportingCycles.SingleAsync(c => c.Id == frozen.Id);
        Assert.Equal((2016, new DateOnly(2016, 5, 1), 14), (stored.Year, stored.UpdatesDueOn, stored.FirstReminderDaysBefore));
        Assert.Empty(await HistoryAsync(app, nameof(ReportingCycle), frozen.Id));
    }

    [Fact]
    public async Task An_unknown_year_is_not_found()
    {
        using var admin = await app.SignInAsync(DemoAccounts.Admin);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync("/Admin/Cycles/Edit/999999")).StatusCode);
        var post = await admin.PostFormAsync("/Admin/Cycles/Edit/999999", CycleForm("2042", "2042-05-01", "2042-06-18"), tokenFrom: "/Admin/Cycles/Edit");
        Assert.Equal(HttpStatusCode.NotFound, post.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync("/Admin/Cycles/Edit/abc")).StatusCode);
    }
}
