using System.Net;
using Commitments.Core.Domain;
using Commitments.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Commitments.Tests.Pages.Commitments;

/// <summary>
/// The commitment form reads with a fixed number of queries, however many indicators, co-partners,
/// themes and organisations there are (with 2,000 organisations the old form listed them all).
/// </summary>
public sealed class FormQueryCountTests(CommitmentsWebFactory app) : IClassFixture<CommitmentsWebFactory>
{
    private async Task<int> CommandsForAsync(TestBrowser browser, string url)
    {
        app.SqlCommands.Reset();
        var response = await browser.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return app.SqlCommands.Count;
    }

    [Fact]
    public async Task The_edit_form_uses_the_same_queries_for_one_indicator_and_co_partner_as_for_many()
    {
        using var limburg = await app.SignInAsync(DemoAccounts.PartnerLimburg);
        await using var db = app.CreateAdminDbContext();
        var partners = await db.Organizations.Where(o => o.Name != DemoAccounts.LimburgSchool).OrderBy(o => o.Id).Select(o => o.Id).Take(4).ToListAsync();
        var themes = await db.Themes.Select(t => t.Id).Take(3).ToListAsync();
        var small = await CommitmentFormPage.CreateAsync(limburg, form => form
            .Set("Form.Title", "Klein").Set("Form.LeadShare", "50").Check("Form.ThemeIds", themes[0].ToString())
            .Set("Form.CoPartners[0].OrganizationId", partners[0].ToString()).Set("Form.CoPartners[0].Share", "50")
            .Indicator(0, "deelnemers", "aantal", "0", "10", "2020-12-31"));
        var full = await CommitmentFormPage.CreateAsync(limburg, form =>
        {
            form.Set("Form.Title", "Vol").Set("Form.LeadShare", "20");
            for (var i = 0; i < partners.Count; i++)
            {
                form.Set($"Form.CoPartners[{i}].OrganizationId", partners[i].ToString()).Set($"Form.CoPartners[{i}].Share", "20");
            }
            for (var i = 0; i < 6; i++)
            {
                form.Indicator(i, $"indicator {i}", "aantal", "0", "10", "2020-12-31").Set($"Form.Indicators[{i}].Id", "0");
            }
            themes.ForEach(t => form.Check("Form.ThemeIds", t.ToString()));
        });
        Assert.Equal(6, await db.Indicators.CountAsync(i => i.CommitmentId == full));

        var few = await CommandsForAsync(limburg, $"/Commitments/Edit/{small}");
        var many = await CommandsForAsync(limburg, $"/Commitments/Edit/{full}");

        Assert.Equal(few, many);
        Assert.Equal(7, many); // the commitment with its organisation and year, the year's themes, its themes, co-partners and indicators (split), reported indicators, co-partner names
    }

    [Fact]
    public async Task The_new_commitment_form_uses_the_same_queries_however_many_organisations_there_are()
    {
        using var limburg = await app.SignInAsync(DemoAccounts.PartnerLimburg);
        var before = await CommandsForAsync(limburg, "/Commitments/Create");

        await using (var db = app.CreateAdminDbContext())
        {
            var region = await db.Regions.Select(r => r.Id).FirstAsync();
            db.Organizations.AddRange(Enumerable.Range(1, 200).Select(n => new Organization { Name = $"Extra organisatie {n}", Type = OrganizationType.Other, RegionId = region }));
            await db.SaveChangesAsync();
        }
        var after = await CommandsForAsync(limburg, "/Commitments/Create");

        Assert.Equal(before, after);
        Assert.Equal(2, after); // the own organisation, the open year with its themes
    }
}
