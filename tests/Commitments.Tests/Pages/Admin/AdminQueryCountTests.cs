using System.Net;
using Commitments.Core.Domain;
using Commitments.Core.Identity;
using Commitments.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using static Commitments.Tests.Pages.Admin.AdminTestSupport;

namespace Commitments.Tests.Pages.Admin;

/// <summary>
/// The administration lists read a fixed number of queries however many organisations, accounts or
/// invitations there are (2,000 organisations in the pact): no query per row.
/// </summary>
public sealed class AdminQueryCountTests(CommitmentsWebFactory app) : IClassFixture<CommitmentsWebFactory>
{
    private async Task<int> CommandsForAsync(TestBrowser browser, string url)
    {
        app.SqlCommands.Reset();
        var response = await browser.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return app.SqlCommands.Count;
    }

    private async Task<int> CommandsForPostAsync(TestBrowser browser, string url, params (string, string)[] fields)
    {
        var (_, page) = await browser.GetPageAsync(url.Split('?')[0]);
        var token = page.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        app.SqlCommands.Reset();
        var response = await browser.Client.PostAsync(url, new FormUrlEncodedContent(
            fields.Select(f => new KeyValuePair<string, string>(f.Item1, f.Item2)).Append(new("__RequestVerificationToken", token))));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return app.SqlCommands.Count;
    }

    /// <summary>More of everything: organisations with accounts and commitments, invitations, a year and a theme.</summary>
    private async Task AddMoreDataAsync()
    {
        await using var db = app.CreateAdminDbContext();
        var region = await db.Regions.OrderBy(r => r.Id).FirstAsync();
        var cycle = await db.ReportingCycles.OrderBy(c => c.Id).FirstAsync();
        var admin = await db.Users.Where(u => u.Email == DemoAccounts.Admin).Select(u => u.Id).SingleAsync();
        var organizations = Enumerable.Range(1, 120).Select(i => new Organization
        {
            Name = $"Meer Data {i:000}", Type = OrganizationType.Business, RegionId = region.Id,
        }).ToList();
        db.Organizations.AddRange(organizations);
        db.ReportingCycles.Add(new ReportingCycle { Year = 2035, UpdatesDueOn = new DateOnly(2035, 5, 1), FreezesOn = new DateOnly(2035, 6, 1), Themes = await db.Themes.ToListAsync() });
        db.Themes.Add(new Theme { Name = "Nog een thema", SortOrder = 99 });
        await db.SaveChangesAsync();
        db.Commitments.AddRange(organizations.Take(60).Select(o => new Commitment { OrganizationId = o.Id, ReportingCycleId = cycle.Id, Title = "Meer " + o.Name }));
        db.Invitations.AddRange(Enumerable.Range(1, 60).Select(i => new Invitation
        {
            Email = $"meer.{i}@data.test", Role = Roles.Partner, OrganizationId = organizations[i].Id, TokenHash = $"{i:D64}",
            InvitedByUserId = admin, CreatedAt = app.Time.GetUtcNow().UtcDateTime, ExpiresAt = app.Time.GetUtcNow().UtcDateTime.AddDays(14),
        }));
        await db.SaveChangesAsync();
        for (var i = 0; i < 60; i++)
        {
            await CreateUserAsync(app, $"meer.{i:00}@data.test", Roles.Partner, organizationId: organizations[i].Id, canSignIn: false);
        }
    }

    [Fact]
    public async Task The_lists_use_the_same_few_queries_for_a_few_or_many_rows_and_after_the_data_grew()
    {
        var pages = new (string Url, string Narrow, int Queries)[]
        {
            ("/Admin/Organizations", "/Admin/Organizations?zoek=Drenthe", 3), // regions, count, page
            ("/Admin/Users", "/Admin/Users?zoek=limburg", 4),                   // regions, count, page, open removal requests
            ("/Admin/Invitations", "/Admin/Invitations?pagina=2", 2),           // count, page
            ("/Admin/Cycles", "/Admin/Cycles", 2),               // years with themes and who froze them, latest freeze runs
            ("/Admin/Themes", "/Admin/Themes", 1),
        };
        using var admin = await app.SignInAsync(DemoAccounts.Admin);
        var before = new List<int>();
        foreach (var (url, narrow, queries) in pages)
        {
            var all = await CommandsForAsync(admin, url);
            Assert.Equal(queries, all);
            Assert.Equal(all, await CommandsForAsync(admin, narrow));
            before.Add(all);
        }

        await AddMoreDataAsync();

        foreach (var ((url, _, _), count) in pages.Zip(before))
        {
            Assert.Equal(count, await CommandsForAsync(admin, url));
            Assert.Equal(count, await CommandsForAsync(admin, url + "?pagina=2"));
        }
    }

    [Fact]
    public async Task The_edit_pages_and_the_organisation_search_use_a_fixed_number_of_queries()
    {
        var drenthe = await OrganizationIdAsync(app, DemoAccounts.Drenthe);
        var (partner, _) = await AccountAsync(app, DemoAccounts.PartnerDrenthe);
        using var admin = await app.SignInAsync(DemoAccounts.Admin);

        Assert.InRange(await CommandsForAsync(admin, $"/Admin/Organizations/Edit/{drenthe}"), 1, 5);
        Assert.InRange(await CommandsForAsync(admin, $"/Admin/Users/Edit/{partner.Id}"), 1, 8);
        var one = await CommandsForPostAsync(admin, $"/Admin/Users/Edit/{partner.Id}?handler=FindOrganization", ("Form.OrganizationSearch", "Brainport"));
        var many = await CommandsForPostAsync(admin, $"/Admin/Users/Edit/{partner.Id}?handler=FindOrganization", ("Form.OrganizationSearch", "e"));
        Assert.Equal(one, many);
    }
}
