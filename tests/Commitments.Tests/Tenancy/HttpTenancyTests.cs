using System.Net;
using Commitments.Core.Domain;
using Commitments.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Commitments.Tests.Tenancy;

/// <summary>
/// Tenancy as a user meets it: through the pages, signed in as the demo partners and leads,
/// trying to reach each other's commitments by list, by id and by forged posts.
/// </summary>
public sealed class HttpTenancyTests(CommitmentsWebFactory app) : IClassFixture<CommitmentsWebFactory>
{
    private async Task<Commitment> CommitmentOfAsync(string organization, CommitmentStatus status)
    {
        await using var db = app.CreateAdminDbContext();
        return await db.Commitments.Include(c => c.Organization)
            .FirstAsync(c => c.Organization!.Name == organization && c.Status == status);
    }

    private async Task<List<string>> ListedTitlesAsync(TestBrowser browser)
    {
        var (response, page) = await browser.GetPageAsync("/Commitments");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return page.QuerySelectorAll("tbody tr td:first-child a").Select(a => a.TextContent).ToList();
    }

    [Fact]
    public async Task A_partner_lists_its_own_commitments_and_none_of_another_partners()
    {
        await using var db = app.CreateAdminDbContext();
        // Drenthe's own commitments, plus those it is named co-partner on.
        var drentheTitles = await db.Commitments
            .Where(c => c.Organization!.Name == DemoAccounts.Drenthe
                || c.CoPartners.Any(p => p.Organization!.Name == DemoAccounts.Drenthe))
            .Select(c => c.Title).ToListAsync();
        var limburgTitles = await db.Commitments.Where(c => c.Organization!.Name == DemoAccounts.LimburgSchool).Select(c => c.Title).ToListAsync();
        Assert.NotEmpty(drentheTitles);
        Assert.NotEmpty(limburgTitles);

        using var drenthe = await app.SignInAsync(DemoAccounts.PartnerDrenthe);
        var listed = await ListedTitlesAsync(drenthe);

        Assert.Equal(drentheTitles.Order(), listed.Order());
        Assert.DoesNotContain(listed, limburgTitles.Contains);
    }

    [Fact]
    public async Task A_partner_opening_another_partners_commitment_by_id_gets_404()
    {
        var drenthe = await CommitmentOfAsync(DemoAccounts.Drenthe, CommitmentStatus.Approved);
        var draft = await CommitmentOfAsync(DemoAccounts.Drenthe, CommitmentStatus.Draft);
        using var limburg = await app.SignInAsync(DemoAccounts.PartnerLimburg);

        foreach (var url in new[] { $"/Commitments/Details/{drenthe.Id}", $"/Commitments/Details/{draft.Id}", $"/Commitments/Edit/{draft.Id}", $"/Commitments/Delete/{draft.Id}" })
        {
            var response = await limburg.GetAsync(url);
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            Assert.DoesNotContain(draft.Title, await response.Content.ReadAsStringAsync());
        }
    }

    [Fact]
    public async Task A_partner_posting_an_edit_or_delete_to_another_partners_commitment_changes_nothing()
    {
        var target = await CommitmentOfAsync(DemoAccounts.Drenthe, CommitmentStatus.Draft);
        using var limburg = await app.SignInAsync(DemoAccounts.PartnerLimburg);

        // The token comes from a page Limburg may open; the post goes to Drenthe's commitment.
        var edit = await limburg.PostFormAsync($"/Commitments/Edit/{target.Id}",
            [new("Form.Title", "Overgenomen door Limburg"), new("Form.Version", target.Version.ToString())],
            tokenFrom: "/Commitments/Create");
        var delete = await limburg.PostFormAsync($"/Commitments/Delete/{target.Id}", [], tokenFrom: "/Commitments/Create");

        Assert.Equal(HttpStatusCode.NotFound, edit.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, delete.StatusCode);
        await using var db = app.CreateAdminDbContext();
        var after = await db.Commitments.SingleAsync(c => c.Id == target.Id);
        Assert.Equal(target.Title, after.Title);
        Assert.Equal(target.Version, after.Version);
    }

    [Fact]
    public async Task A_co_partner_can_read_but_not_edit_the_lead_partners_commitment()
    {
        await using var db = app.CreateAdminDbContext();
        var shared = await db.Commitments
            .FirstAsync(c => c.CoPartners.Any(p => p.Organization!.Name == DemoAccounts.Drenthe));
        using var drenthe = await app.SignInAsync(DemoAccounts.PartnerDrenthe);

        var (response, page) = await drenthe.GetPageAsync($"/Commitments/Details/{shared.Id}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains(shared.Title, page.Body!.TextContent);
        Assert.Null(page.QuerySelector($"a[href='/Commitments/Edit/{shared.Id}']"));

        Assert.True(TestBrowser.IsAccessDenied(await drenthe.GetAsync($"/Commitments/Edit/{shared.Id}")));
        var post = await drenthe.PostFormAsync($"/Commitments/Edit/{shared.Id}",
            [new("Form.Title", "Gewijzigd door co-partner"), new("Form.Version", shared.Version.ToString())],
            tokenFrom: "/Commitments/Create");
        Assert.True(TestBrowser.IsAccessDenied(post));
        await using var check = app.CreateAdminDbContext();
        Assert.Equal(shared.Title, (await check.Commitments.SingleAsync(c => c.Id == shared.Id)).Title);
    }

    [Fact]
    public async Task A_regional_lead_sees_its_regions_commitments_and_none_of_another_region()
    {
        await using var db = app.CreateAdminDbContext();
        var noord = await db.Commitments.Where(c => c.Organization!.Region!.Code == "noord").Select(c => c.Title).ToListAsync();
        var zuid = await db.Commitments.Where(c => c.Organization!.Region!.Code == "zuid").Select(c => c.Title).ToListAsync();
        var noordId = await db.Commitments.Where(c => c.Organization!.Region!.Code == "noord").Select(c => c.Id).FirstAsync();

        using var trekkerZuid = await app.SignInAsync(DemoAccounts.TrekkerZuid);
        var listed = await ListedTitlesAsync(trekkerZuid);

        Assert.Equal(zuid.Order(), listed.Order());
        Assert.DoesNotContain(listed, noord.Contains);
        Assert.Equal(HttpStatusCode.NotFound, (await trekkerZuid.GetAsync($"/Commitments/Details/{noordId}")).StatusCode);
    }

    [Fact]
    public async Task A_ministry_sees_commitments_of_every_region()
    {
        using var ocw = await app.SignInAsync(DemoAccounts.Ocw);
        var (_, page) = await ocw.GetPageAsync("/Commitments");
        var regions = page.QuerySelectorAll("tbody tr td:nth-child(3)").Select(td => td.TextContent).Distinct().ToList();
        Assert.Equal(new[] { "Noord", "Noordwest", "Oost", "Zuid", "Zuidwest" }, regions.Order());
    }
}
