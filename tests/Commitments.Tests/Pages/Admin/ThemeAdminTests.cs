using System.Net;
using Commitments.Core.Domain;
using Commitments.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using static Commitments.Tests.Pages.Admin.AdminTestSupport;

namespace Commitments.Tests.Pages.Admin;

/// <summary>Themes: list, create, rename, describe, order; unique names; text kept exactly.</summary>
public sealed class ThemeAdminTests(CommitmentsWebFactory app) : IClassFixture<CommitmentsWebFactory>
{
    private async Task<Theme> AddThemeAsync(string name)
    {
        await using var db = app.CreateAdminDbContext();
        var theme = new Theme { Name = name, SortOrder = 50 };
        db.Themes.Add(theme);
        await db.SaveChangesAsync();
        return theme;
    }

    private static IEnumerable<KeyValuePair<string, string>> ThemeForm(string name, string description = "", string sortOrder = "8") =>
        Form(("Form.Name", name), ("Form.Description", description), ("Form.SortOrder", sortOrder));

    [Fact]
    public async Task The_list_shows_the_themes_in_their_order_with_the_years_they_apply_to()
    {
        using var admin = await app.SignInAsync(DemoAccounts.Admin);
        var (response, page) = await admin.GetPageAsync("/Admin/Themes");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var names = page.QuerySelectorAll("tbody th a").Select(a => a.TextContent).ToList();
        Assert.Equal("Energietransitie", names[0]);
        Assert.Equal("Digitalisering", names[1]);
        Assert.Contains("2018, 2019, 2020", page.QuerySelectorAll("tbody tr")[0].TextContent);
    }

    [Fact]
    public async Task A_new_theme_keeps_its_name_and_description_exactly_as_typed_and_shows_them_as_text()
    {
        const string name = "\"Techniek\" & <script>alert('x')</script> =1+1 3/4 🚀";
        var description = "Regel 1\nRegel 2 " + new string('x', 1900);
        using var admin = await app.SignInAsync(DemoAccounts.Admin);

        var response = await admin.PostFormAsync("/Admin/Themes/Edit", ThemeForm(name, description, "12"));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        await using var db = app.CreateAdminDbContext();
        var theme = await db.Themes.SingleAsync(t => t.Name == name);
        Assert.Equal((description, 12), (theme.Description, theme.SortOrder));
        var line = Assert.Single(await HistoryAsync(app, nameof(Theme), theme.Id));
        Assert.Equal(AuditActions.ThemeCreated, line.Action);
        Assert.Equal(name, Change(line, "Name").To);

        var (_, page) = await admin.GetPageAsync("/Admin/Themes");
        Assert.Contains(page.QuerySelectorAll("tbody th a"), a => a.TextContent == name);
        Assert.Null(page.QuerySelector("main script"));
    }

    [Fact]
    public async Task Renaming_a_theme_keeps_it_on_the_commitments_and_years_that_use_it()
    {
        await using var db = app.CreateAdminDbContext();
        var theme = await db.Themes.SingleAsync(t => t.Name == "Kiezen voor techniek");
        var commitments = await db.Commitments.Where(c => c.Themes.Any(t => t.Id == theme.Id)).Select(c => c.Id).ToListAsync();
        Assert.NotEmpty(commitments);
        using var admin = await app.SignInAsync(DemoAccounts.Admin);

        var response = await admin.PostFormAsync($"/Admin/Themes/Edit/{theme.Id}",
            ThemeForm("Kiezen vóór techniek", "Jongeren kiezen vaker voor techniek.", "5"));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        await using var check = app.CreateAdminDbContext();
        var renamed = await check.Themes.SingleAsync(t => t.Id == theme.Id);
        Assert.Equal(("Kiezen vóór techniek", "Jongeren kiezen vaker voor techniek.", 5), (renamed.Name, renamed.Description, renamed.SortOrder));
        Assert.Equal(commitments.Order(), await check.Commitments.Where(c => c.Themes.Any(t => t.Id == theme.Id)).Select(c => c.Id).OrderBy(i => i).ToListAsync());
        var line = Assert.Single(await HistoryAsync(app, nameof(Theme), theme.Id));
        Assert.Equal(AuditActions.ThemeChanged, line.Action);
        Assert.Equal(new FieldChange("Name", "Kiezen voor techniek", "Kiezen vóór techniek"), Change(line, "Name"));

        using var partner = await app.SignInAsync(DemoAccounts.PartnerLimburg);
        var (_, form) = await partner.GetPageAsync("/Commitments/Create");
        Assert.Contains("Kiezen vóór techniek", form.Body!.TextContent);
    }

    [Theory]
    [InlineData("Energietransitie")]
    [InlineData("energietransitie")]
    [InlineData(" Energietransitie ")]
    public async Task A_name_another_theme_has_is_refused_with_a_message(string name)
    {
        using var admin = await app.SignInAsync(DemoAccounts.Admin);
        await using var db = app.CreateAdminDbContext();
        var count = await db.Themes.CountAsync();

        var response = await admin.PostFormAsync("/Admin/Themes/Edit", ThemeForm(name));

        Assert.Contains("Er is al een thema met de naam \"Energietransitie\"", await RefusedAsync(response));
        Assert.Equal(count, await db.Themes.CountAsync());
    }

    [Fact]
    public async Task Renaming_a_theme_to_the_name_of_another_is_refused_but_keeping_its_own_name_is_not()
    {
        var theme = await AddThemeAsync("Tijdelijk thema");
        using var admin = await app.SignInAsync(DemoAccounts.Admin);

        var taken = await admin.PostFormAsync($"/Admin/Themes/Edit/{theme.Id}", ThemeForm("Digitalisering"));
        Assert.Contains("Er is al een thema met de naam", await RefusedAsync(taken));

        var same = await admin.PostFormAsync($"/Admin/Themes/Edit/{theme.Id}", ThemeForm("Tijdelijk thema", "Nu met omschrijving", "51"));
        Assert.Equal(HttpStatusCode.Redirect, same.StatusCode);
        await using var db = app.CreateAdminDbContext();
        var stored = await db.Themes.SingleAsync(t => t.Id == theme.Id);
        Assert.Equal(("Tijdelijk thema", "Nu met omschrijving"), (stored.Name, stored.Description));
    }

    [Theory]
    [InlineData("", "", "8", "Geef het thema een naam")]
    [InlineData("   ", "", "8", "Geef het thema een naam")]
    [InlineData("151", "", "8", "De naam mag hoogstens 150 tekens lang zijn")]
    [InlineData("Lange omschrijving", "2001", "8", "De omschrijving mag hoogstens 2000 tekens lang zijn")]
    [InlineData("Volgorde", "", "acht", "Vul als volgorde een heel getal in")]
    [InlineData("Volgorde", "", "-1", "Vul als volgorde een heel getal in")]
    [InlineData("Volgorde", "", "10001", "Vul als volgorde een heel getal in")]
    [InlineData("Volgorde", "", "", "Vul als volgorde een heel getal in")]
    public async Task Bad_input_is_refused_with_a_message_and_nothing_is_saved(string name, string description, string sortOrder, string message)
    {
        // "151" and "2001" stand for texts of that many characters: one more than allowed.
        name = int.TryParse(name, out var n) ? new string('n', n) : name;
        description = int.TryParse(description, out var d) ? new string('d', d) : description;
        using var admin = await app.SignInAsync(DemoAccounts.Admin);
        await using var db = app.CreateAdminDbContext();
        var count = await db.Themes.CountAsync();

        var response = await admin.PostFormAsync("/Admin/Themes/Edit", ThemeForm(name, description, sortOrder));

        Assert.Contains(message, await RefusedAsync(response));
        Assert.Equal(count, await db.Themes.CountAsync());
    }

    [Fact]
    public async Task An_unknown_theme_is_not_found()
    {
        using var admin = await app.SignInAsync(DemoAccounts.Admin);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync("/Admin/Themes/Edit/999999")).StatusCode);
        var post = await admin.PostFormAsync("/Admin/Themes/Edit/999999", ThemeForm("Spook"), tokenFrom: "/Admin/Themes/Edit");
        Assert.Equal(HttpStatusCode.NotFound, post.StatusCode);
        await using var db = app.CreateAdminDbContext();
        Assert.False(await db.Themes.AnyAsync(t => t.Name == "Spook"));
    }
}
