using System.Net;
using Commitments.Core.Domain;
using Commitments.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Commitments.Tests.Pages.Commitments;

/// <summary>
/// Pages read with a fixed number of queries, however many commitments, themes and indicators there
/// are: a list of 50 must not become 50 extra round trips on a slow line.
/// </summary>
public sealed class QueryCountTests(CommitmentsWebFactory app) : IClassFixture<CommitmentsWebFactory>
{
    private async Task<int> CommandsForAsync(TestBrowser browser, string url)
    {
        app.SqlCommands.Reset();
        var response = await browser.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return app.SqlCommands.Count;
    }

    [Fact]
    public async Task The_commitment_list_uses_the_same_few_queries_for_a_few_or_many_rows()
    {
        using var ministry = await app.SignInAsync(DemoAccounts.Ocw);
        var few = await CommandsForAsync(ministry, "/Commitments?Search=Drenthe");
        var all = await CommandsForAsync(ministry, "/Commitments");

        Assert.Equal(few, all);
        Assert.Equal(4, all); // the data version, the count, the page of rows, the themes of that page
        // Again, with the data unchanged: the count is the one kept for this scope and version (ListCounts).
        Assert.Equal(3, await CommandsForAsync(ministry, "/Commitments"));
    }

    [Fact]
    public async Task A_commitment_page_uses_a_fixed_number_of_queries()
    {
        await using var db = app.CreateAdminDbContext();
        var withMostIndicators = await db.Commitments.OrderByDescending(c => c.Indicators.Count).Select(c => c.Id).FirstAsync();
        var withoutIndicators = await db.Commitments.Where(c => !c.Indicators.Any()).Select(c => c.Id).FirstAsync();
        using var ministry = await app.SignInAsync(DemoAccounts.Ocw);

        var many = await CommandsForAsync(ministry, $"/Commitments/Details/{withMostIndicators}");
        var none = await CommandsForAsync(ministry, $"/Commitments/Details/{withoutIndicators}");

        Assert.Equal(many, none);
        Assert.InRange(many, 1, 10);
    }
}
