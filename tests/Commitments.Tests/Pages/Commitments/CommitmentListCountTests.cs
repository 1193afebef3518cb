using Commitments.Core.Domain;
using Commitments.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Commitments.Tests.Pages.Commitments;

/// <summary>
/// The list's "N toezegging(en) gevonden." is kept per scope, filter and data version (ListCounts):
/// what a save changes shows at the next request, and no user ever sees the count of another's scope.
/// </summary>
public sealed class CommitmentListCountTests(CommitmentsWebFactory app) : IClassFixture<CommitmentsWebFactory>
{
    /// <summary>The count the list shows for this filter (numbers the Dutch way: 1.234).</summary>
    private static async Task<int> CountAsync(TestBrowser browser, string search, string? status = null)
    {
        var page = await browser.PageAsync("/Commitments?Search=" + Uri.EscapeDataString(search) + (status is null ? "" : "&Status=" + status));
        var text = page.QuerySelector("p[role=status]")!.TextContent;
        return int.Parse(new string(text.TakeWhile(c => char.IsDigit(c) || c == '.').Where(char.IsDigit).ToArray()),
            System.Globalization.CultureInfo.InvariantCulture);
    }

    [Fact]
    public async Task A_new_commitment_and_a_status_change_show_in_the_count_at_the_next_request()
    {
        var words = $"Telling{Guid.NewGuid():N}";
        var first = await app.AddCommitmentAsync(DemoAccounts.LimburgSchool, c => c.Title = words + " een");
        using var limburg = await app.SignInAsync(DemoAccounts.PartnerLimburg);
        using var lead = await app.SignInAsync(DemoAccounts.TrekkerZuid);
        Assert.Equal(1, await CountAsync(limburg, words));
        Assert.Equal(0, await CountAsync(limburg, words, "Approved"));
        Assert.Equal(1, await CountAsync(lead, words));
        var whole = await CountAsync(limburg, "");

        await app.AddCommitmentAsync(DemoAccounts.LimburgSchool, c => c.Title = words + " twee");

        Assert.Equal(2, await CountAsync(limburg, words));
        Assert.Equal(2, await CountAsync(lead, words));
        Assert.Equal(whole + 1, await CountAsync(limburg, ""));

        await using (var db = app.CreateAdminDbContext())
        {
            var tracked = await db.Commitments.SingleAsync(c => c.Id == first.Id);
            tracked.Status = CommitmentStatus.Approved;
            await db.SaveChangesAsync();
        }

        Assert.Equal(1, await CountAsync(limburg, words, "Approved"));
        Assert.Equal(1, await CountAsync(lead, words, "Approved"));
        Assert.Equal(2, await CountAsync(limburg, words));
    }

    [Fact]
    public async Task Two_scopes_never_see_each_others_count()
    {
        // The same words in two landsdelen: Limburg (Zuid) twice, Drenthe (Noord) once, with the same
        // data version for every request below, so a count kept without its scope would be shown to the next.
        var words = $"Scheiding{Guid.NewGuid():N}";
        await app.AddCommitmentAsync(DemoAccounts.LimburgSchool, c => c.Title = words + " a");
        await app.AddCommitmentAsync(DemoAccounts.LimburgSchool, c => c.Title = words + " b");
        await app.AddCommitmentAsync(DemoAccounts.Drenthe, c => c.Title = words + " c");
        using var limburg = await app.SignInAsync(DemoAccounts.PartnerLimburg);
        using var drenthe = await app.SignInAsync(DemoAccounts.PartnerDrenthe);
        using var groningen = await app.SignInAsync(DemoAccounts.PartnerGroningen);
        using var zuid = await app.SignInAsync(DemoAccounts.TrekkerZuid);
        using var noord = await app.SignInAsync(DemoAccounts.TrekkerNoord);
        using var admin = await app.SignInAsync(DemoAccounts.Admin);

        foreach (var _ in new[] { 1, 2 }) // the second round reads every count from the cache
        {
            Assert.Equal(2, await CountAsync(limburg, words));
            Assert.Equal(1, await CountAsync(drenthe, words));
            Assert.Equal(0, await CountAsync(groningen, words));
            Assert.Equal(2, await CountAsync(zuid, words));
            Assert.Equal(1, await CountAsync(noord, words));
            Assert.Equal(3, await CountAsync(admin, words));
            Assert.Equal(0, await CountAsync(groningen, words, "Draft"));
            Assert.Equal(2, await CountAsync(limburg, words, "Draft"));
        }
    }
}
