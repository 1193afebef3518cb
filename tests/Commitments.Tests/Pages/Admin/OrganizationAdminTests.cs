using System.Net;
using Commitments.Core.Domain;
using Commitments.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using static Commitments.Tests.Pages.Admin.AdminTestSupport;

namespace Commitments.Tests.Pages.Admin;

/// <summary>
/// Organisations: the searchable, filtered, paged list; create, change, move, KvK numbers; deactivate
/// and reactivate with history kept; and what is refused.
/// </summary>
public sealed class OrganizationAdminTests(CommitmentsWebFactory app) : IClassFixture<CommitmentsWebFactory>
{
    private async Task<(int Region, Dictionary<string, int> Provinces)> RegionAsync(string code)
    {
        await using var db = app.CreateAdminDbContext();
        var region = await db.Regions.Include(r => r.Provinces).SingleAsync(r => r.Code == code);
        return (region.Id, region.Provinces.ToDictionary(p => p.Name, p => p.Id));
    }

    private async Task<Organization> AddOrganizationAsync(string name, string regionCode = "oost", string? kvk = null)
    {
        var (region, _) = await RegionAsync(regionCode);
        await using var db = app.CreateAdminDbContext();
        var organization = new Organization { Name = name, Type = OrganizationType.Business, RegionId = region, KvkNumber = kvk };
        db.Organizations.Add(organization);
        await db.SaveChangesAsync();
        return organization;
    }

    private static IEnumerable<KeyValuePair<string, string>> OrganizationForm(string name, string type, int region, int? province = null, string kvk = "") =>
        Form(("Form.Name", name), ("Form.Type", type), ("Form.RegionId", region.ToString()),
            ("Form.ProvinceId", province?.ToString() ?? ""), ("Form.KvkNumber", kvk));

    private static List<string> ListedNames(AngleSharp.Html.Dom.IHtmlDocument page) =>
        page.QuerySelectorAll("tbody th a").Select(a => a.TextContent).ToList();

    [Fact]
    public async Task The_list_searches_by_part_of_the_name_in_any_case_and_by_KvK_number()
    {
        using var admin = await app.SignInAsync(DemoAccounts.Admin);

        var (_, drenthe) = await admin.GetPageAsync("/Admin/Organizations?zoek=drenthe");
        Assert.Equal(["Drenthe College", "Provincie Drenthe"], ListedNames(drenthe));
        Assert.Equal("2 organisatie(s) gevonden.", drenthe.QuerySelector("p[role=status]")!.TextContent);

        var (_, kvk) = await admin.GetPageAsync("/Admin/Organizations?zoek=01234567");
        Assert.Equal([DemoAccounts.GroningenBusiness], ListedNames(kvk));
        Assert.Contains("01234567", kvk.QuerySelector("tbody tr")!.TextContent); // with its leading zero
    }

    [Fact]
    public async Task The_list_filters_by_region_type_and_state()
    {
        var (zuid, _) = await RegionAsync("zuid");
        var closed = await AddOrganizationAsync("Gesloten Fabriek Zuid B.V.", "zuid");
        await using (var db = app.CreateAdminDbContext())
        {
            (await db.Organizations.SingleAsync(o => o.Id == closed.Id)).DeactivatedAt = new DateTime(2018, 3, 1, 12, 0, 0, DateTimeKind.Utc);
            await db.SaveChangesAsync();
        }
        using var admin = await app.SignInAsync(DemoAccounts.Admin);

        var (_, region) = await admin.GetPageAsync($"/Admin/Organizations?landsdeel={zuid}");
        await using var check = app.CreateAdminDbContext();
        Assert.Equal(await check.Organizations.Where(o => o.RegionId == zuid).OrderBy(o => o.Name).Select(o => o.Name).ToListAsync(), ListedNames(region));

        var (_, provinces) = await admin.GetPageAsync($"/Admin/Organizations?landsdeel={zuid}&type=Province");
        Assert.Equal(["Provincie Limburg", "Provincie Noord-Brabant"], ListedNames(provinces));

        var (_, deactivated) = await admin.GetPageAsync($"/Admin/Organizations?landsdeel={zuid}&status=gedeactiveerd");
        Assert.Equal(["Gesloten Fabriek Zuid B.V."], ListedNames(deactivated));
        Assert.Contains("Gedeactiveerd op 01-03-2018", deactivated.QuerySelector("tbody tr")!.TextContent);
        var (_, active) = await admin.GetPageAsync($"/Admin/Organizations?landsdeel={zuid}&status=actief");
        Assert.DoesNotContain("Gesloten Fabriek Zuid B.V.", ListedNames(active));

        // Forged filter values filter nothing and break nothing.
        var (forged, all) = await admin.GetPageAsync("/Admin/Organizations?landsdeel=x&type=99&status=%3Cscript%3E&pagina=-5");
        Assert.Equal(HttpStatusCode.OK, forged.StatusCode);
        Assert.NotEmpty(ListedNames(all));
    }

    [Fact]
    public async Task The_list_pages_by_fifty_in_the_database_and_keeps_the_filters_on_the_page_links()
    {
        var (oost, _) = await RegionAsync("oost");
        await using (var db = app.CreateAdminDbContext())
        {
            db.Organizations.AddRange(Enumerable.Range(1, 61).Select(i => new Organization
            {
                Name = $"Paginatest {i:000}", Type = OrganizationType.Other, RegionId = oost,
            }));
            await db.SaveChangesAsync();
        }
        using var admin = await app.SignInAsync(DemoAccounts.Admin);

        var (_, first) = await admin.GetPageAsync("/Admin/Organizations?zoek=Paginatest");
        Assert.Equal(50, ListedNames(first).Count);
        Assert.Equal("Paginatest 001", ListedNames(first)[0]);
        Assert.Contains("Pagina 1 van 2", first.QuerySelector("nav[aria-label=Paginering]")!.TextContent);
        var next = first.QuerySelectorAll("nav[aria-label=Paginering] a").Single().GetAttribute("href")!;
        Assert.Contains("zoek=Paginatest", next);

        var (_, second) = await admin.GetPageAsync(next);
        Assert.Equal(Enumerable.Range(51, 11).Select(i => $"Paginatest {i:000}"), ListedNames(second));
        var (_, beyond) = await admin.GetPageAsync("/Admin/Organizations?zoek=Paginatest&pagina=99");
        Assert.Equal(11, ListedNames(beyond).Count); // the last page
    }

    [Fact]
    public async Task An_administrator_creates_an_organisation_with_its_KvK_number_kept_as_typed_and_the_history_records_it()
    {
        var (oost, provinces) = await RegionAsync("oost");
        const string name = "\"Oost\" & <script>x</script> =Techniek 3/4 🛠";
        using var admin = await app.SignInAsync(DemoAccounts.Admin);

        var response = await admin.PostFormAsync("/Admin/Organizations/Edit",
            OrganizationForm(name, nameof(OrganizationType.Business), oost, provinces["Gelderland"], "00123456"));

        var page = await FollowAsync(admin, response);
        Assert.Contains("is opgeslagen", page);
        await using var db = app.CreateAdminDbContext();
        var created = await db.Organizations.Include(o => o.Province).SingleAsync(o => o.Name == name);
        Assert.Equal((OrganizationType.Business, oost, "Gelderland", "00123456", (DateTime?)null),
            (created.Type, created.RegionId, created.Province!.Name, created.KvkNumber, created.DeactivatedAt));
        Assert.Equal(app.Time.GetUtcNow().UtcDateTime, created.CreatedAt);
        var line = Assert.Single(await HistoryAsync(app, nameof(Organization), created.Id));
        Assert.Equal((AuditActions.OrganizationCreated, (int?)created.Id), (line.Action, line.OrganizationId));
        Assert.Equal(new FieldChange("KvkNumber", null, "00123456"), Change(line, "KvkNumber"));
        Assert.Equal(new FieldChange("Region", null, "Oost"), Change(line, "Region"));
        Assert.Equal(new FieldChange("Type", null, "Bedrijf"), Change(line, "Type"));

        var (_, list) = await admin.GetPageAsync("/Admin/Organizations?zoek=00123456");
        Assert.Equal([name], ListedNames(list));
    }

    [Fact]
    public async Task An_administrator_renames_changes_the_type_and_moves_an_organisation_to_another_region_and_the_history_says_from_what_to_what()
    {
        var organization = await AddOrganizationAsync("Verhuizer B.V.", "oost");
        var (zuid, provinces) = await RegionAsync("zuid");
        using var admin = await app.SignInAsync(DemoAccounts.Admin);

        var response = await admin.PostFormAsync($"/Admin/Organizations/Edit/{organization.Id}",
            OrganizationForm("Verhuizer Zuid B.V.", nameof(OrganizationType.KnowledgeInstitute), zuid, provinces["Zeeland"]));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        await using var db = app.CreateAdminDbContext();
        var moved = await db.Organizations.SingleAsync(o => o.Id == organization.Id);
        Assert.Equal(("Verhuizer Zuid B.V.", OrganizationType.KnowledgeInstitute, zuid, (int?)provinces["Zeeland"]),
            (moved.Name, moved.Type, moved.RegionId, moved.ProvinceId));
        var line = Assert.Single(await HistoryAsync(app, nameof(Organization), organization.Id));
        Assert.Equal(AuditActions.OrganizationChanged, line.Action);
        Assert.Equal(new FieldChange("Name", "Verhuizer B.V.", "Verhuizer Zuid B.V."), Change(line, "Name"));
        Assert.Equal(new FieldChange("Type", "Bedrijf", "Kennisinstelling"), Change(line, "Type"));
        Assert.Equal(new FieldChange("Region", "Oost", "Zuid"), Change(line, "Region"));
        Assert.Equal(new FieldChange("Province", null, "Zeeland"), Change(line, "Province"));

        // The province is optional: moving on without one is fine.
        var (oost, _) = await RegionAsync("oost");
        var back = await admin.PostFormAsync($"/Admin/Organizations/Edit/{organization.Id}",
            OrganizationForm("Verhuizer Zuid B.V.", nameof(OrganizationType.KnowledgeInstitute), oost));
        Assert.Equal(HttpStatusCode.Redirect, back.StatusCode);
        await using var check = app.CreateAdminDbContext();
        var stored = await check.Organizations.SingleAsync(o => o.Id == organization.Id);
        Assert.Equal((oost, (int?)null), (stored.RegionId, stored.ProvinceId));
    }

    [Fact]
    public async Task A_province_of_another_region_is_refused()
    {
        var organization = await AddOrganizationAsync("Grensgeval B.V.", "oost");
        var (zuid, _) = await RegionAsync("zuid");
        var (_, oostProvinces) = await RegionAsync("oost");
        using var admin = await app.SignInAsync(DemoAccounts.Admin);

        var response = await admin.PostFormAsync($"/Admin/Organizations/Edit/{organization.Id}",
            OrganizationForm("Grensgeval B.V.", nameof(OrganizationType.Business), zuid, oostProvinces["Gelderland"]));

        Assert.Contains("Kies een provincie van landsdeel Zuid, of geen provincie", await RefusedAsync(response));
        await using var db = app.CreateAdminDbContext();
        var stored = await db.Organizations.SingleAsync(o => o.Id == organization.Id);
        Assert.Equal(organization.RegionId, stored.RegionId);
        Assert.Empty(await HistoryAsync(app, nameof(Organization), organization.Id));
    }

    [Theory]
    [InlineData("1234567")]
    [InlineData("12345678a")]
    [InlineData("123456789")]
    [InlineData("1234 5678")]
    [InlineData("１２３４５６７８")] // full-width digits look right but are not a KvK number
    [InlineData("١٢٣٤٥٦٧٨")]
    [InlineData("=1234567")]
    public async Task A_KvK_number_that_is_not_exactly_eight_digits_is_refused(string kvk)
    {
        var (oost, _) = await RegionAsync("oost");
        using var admin = await app.SignInAsync(DemoAccounts.Admin);

        var response = await admin.PostFormAsync("/Admin/Organizations/Edit",
            OrganizationForm($"KvK-test {kvk}", nameof(OrganizationType.Business), oost, kvk: kvk));

        Assert.Contains("Een KvK-nummer bestaat uit precies 8 cijfers", await RefusedAsync(response));
        var page = TestBrowser.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(kvk, page.QuerySelector("#Form_KvkNumber")!.GetAttribute("value"));
        await using var db = app.CreateAdminDbContext();
        Assert.False(await db.Organizations.AnyAsync(o => o.Name == $"KvK-test {kvk}"));
    }

    [Fact]
    public async Task A_KvK_number_another_organisation_has_is_refused_naming_it_and_spaces_around_a_number_are_no_reason_to_refuse()
    {
        var (noord, _) = await RegionAsync("noord");
        var own = await AddOrganizationAsync("Eigen Nummer B.V.", "noord", kvk: "07654321");
        using var admin = await app.SignInAsync(DemoAccounts.Admin);

        var taken = await admin.PostFormAsync("/Admin/Organizations/Edit",
            OrganizationForm("Dubbel Nummer B.V.", nameof(OrganizationType.Business), noord, kvk: "01234567"));
        Assert.Contains($"KvK-nummer 01234567 is al in gebruik bij {DemoAccounts.GroningenBusiness}", await RefusedAsync(taken));
        await using (var db = app.CreateAdminDbContext())
        {
            Assert.False(await db.Organizations.AnyAsync(o => o.Name == "Dubbel Nummer B.V."));
        }

        // Saving an organisation with its own number again is no conflict.
        var kept = await admin.PostFormAsync($"/Admin/Organizations/Edit/{own.Id}",
            OrganizationForm("Eigen Nummer Holding B.V.", nameof(OrganizationType.Business), noord, kvk: " 07654321 "));
        Assert.Equal(HttpStatusCode.Redirect, kept.StatusCode);
        await using var check = app.CreateAdminDbContext();
        var stored = await check.Organizations.SingleAsync(o => o.Id == own.Id);
        Assert.Equal(("Eigen Nummer Holding B.V.", "07654321"), (stored.Name, stored.KvkNumber));
    }

    public static readonly TheoryData<string, string, string, string, string> BadFields = new()
    {
        // name, type, region ("oost" or as posted), province, expected message
        { "", "Business", "oost", "", "Vul de naam van de organisatie in" },
        { "201", "Business", "oost", "", "De naam mag hoogstens 200 tekens lang zijn" },
        { "Soortloos", "", "oost", "", "Kies de soort organisatie" },
        { "Soortloos", "99", "oost", "", "Kies de soort organisatie" },
        { "Soortloos", "Bank", "oost", "", "Kies de soort organisatie" },
        { "Zwerver", "Business", "", "", "Kies het landsdeel van de organisatie" },
        { "Zwerver", "Business", "999999", "", "Kies het landsdeel van de organisatie" },
        { "Zwerver", "Business", "oost'--", "", "Kies het landsdeel van de organisatie" },
        { "Zwerver", "Business", "oost", "999999", "Kies een provincie van landsdeel Oost" },
        { "Zwerver", "Business", "oost", "een", "Kies een provincie uit de lijst" },
    };

    [Theory]
    [MemberData(nameof(BadFields))]
    public async Task Missing_too_long_and_forged_fields_are_refused_with_a_message(string name, string type, string region, string province, string message)
    {
        var (oost, _) = await RegionAsync("oost");
        name = int.TryParse(name, out var n) ? new string('n', n) : name;
        using var admin = await app.SignInAsync(DemoAccounts.Admin);
        await using var db = app.CreateAdminDbContext();
        var count = await db.Organizations.CountAsync();

        var response = await admin.PostFormAsync("/Admin/Organizations/Edit", Form(
            ("Form.Name", name), ("Form.Type", type), ("Form.RegionId", region == "oost" ? oost.ToString() : region),
            ("Form.ProvinceId", province), ("Form.KvkNumber", "")));

        Assert.Contains(message, await RefusedAsync(response));
        Assert.Equal(count, await db.Organizations.CountAsync());
    }

    [Fact]
    public async Task Deactivating_keeps_the_commitments_and_their_history_and_reactivating_restores_the_organisation()
    {
        var limburg = await OrganizationIdAsync(app, DemoAccounts.LimburgSchool);
        await using var before = app.CreateAdminDbContext();
        var commitments = await before.Commitments.Where(c => c.OrganizationId == limburg).Select(c => c.Id).OrderBy(i => i).ToListAsync();
        Assert.NotEmpty(commitments);
        using var admin = await app.SignInAsync(DemoAccounts.Admin);

        var deactivated = await admin.PostFormAsync($"/Admin/Organizations/Edit/{limburg}?handler=Deactivate", []);
        var page = await FollowAsync(admin, deactivated);
        Assert.Contains("is gedeactiveerd; de toezeggingen en hun geschiedenis blijven bewaard", page);
        Assert.Contains("Gedeactiveerd op 01-05-2018 10:00", page);

        await using (var db = app.CreateAdminDbContext())
        {
            Assert.Equal(app.Time.GetUtcNow().UtcDateTime, (await db.Organizations.SingleAsync(o => o.Id == limburg)).DeactivatedAt);
            Assert.Equal(commitments, await db.Commitments.Where(c => c.OrganizationId == limburg).Select(c => c.Id).OrderBy(i => i).ToListAsync());
        }
        // The partner still reads its commitments: nothing was taken away.
        using (var partner = await app.SignInAsync(DemoAccounts.PartnerLimburg))
        {
            var (_, list) = await partner.GetPageAsync("/Commitments");
            Assert.Equal(commitments.Count, list.QuerySelectorAll("tbody tr").Length);
        }

        var again = await admin.PostFormAsync($"/Admin/Organizations/Edit/{limburg}?handler=Deactivate", []);
        Assert.Contains("was al gedeactiveerd", await FollowAsync(admin, again));

        var reactivated = await admin.PostFormAsync($"/Admin/Organizations/Edit/{limburg}?handler=Reactivate", []);
        Assert.Contains("is weer actief", await FollowAsync(admin, reactivated));
        await using var check = app.CreateAdminDbContext();
        Assert.Null((await check.Organizations.SingleAsync(o => o.Id == limburg)).DeactivatedAt);
        var history = await HistoryAsync(app, nameof(Organization), limburg);
        Assert.Equal([AuditActions.OrganizationDeactivated, AuditActions.OrganizationReactivated], history.Select(h => h.Action));
        Assert.All(history, h => Assert.Equal(limburg, h.OrganizationId));
        Assert.Equal(new FieldChange("DeactivatedAt", null, "01-05-2018 10:00"), Change(history[0], "DeactivatedAt"));
    }

    [Fact]
    public async Task An_unknown_organisation_is_not_found_for_every_handler()
    {
        var (oost, _) = await RegionAsync("oost");
        using var admin = await app.SignInAsync(DemoAccounts.Admin);

        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync("/Admin/Organizations/Edit/999999")).StatusCode);
        foreach (var handler in new[] { "", "?handler=Deactivate", "?handler=Reactivate" })
        {
            var post = await admin.PostFormAsync($"/Admin/Organizations/Edit/999999{handler}",
                OrganizationForm("Spook B.V.", "Business", oost), tokenFrom: "/Admin/Organizations/Edit");
            Assert.Equal(HttpStatusCode.NotFound, post.StatusCode);
        }
        await using var db = app.CreateAdminDbContext();
        Assert.False(await db.Organizations.AnyAsync(o => o.Name == "Spook B.V."));
    }
}
