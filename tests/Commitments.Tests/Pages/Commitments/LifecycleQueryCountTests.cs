using System.Net;
using Commitments.Core.Domain;
using Commitments.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Commitments.Tests.Pages.Commitments;

/// <summary>
/// The commitment's page with its history and the overview read with a fixed number of queries,
/// however long the history and however many requests, returned commitments and drafts there are.
/// </summary>
public sealed class LifecycleQueryCountTests(CommitmentsWebFactory app) : IClassFixture<CommitmentsWebFactory>
{
    private async Task<int> CommandsForAsync(TestBrowser browser, string url)
    {
        await browser.PageAsync(url); // warm: the first request of a page may compile it
        app.SqlCommands.Reset();
        var response = await browser.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return app.SqlCommands.Count;
    }

    [Fact]
    public async Task The_commitment_page_reads_a_long_history_with_the_same_queries_as_none()
    {
        var quiet = await app.AddCommitmentAsync(DemoAccounts.LimburgSchool);
        var busy = await app.AddCommitmentAsync(DemoAccounts.LimburgSchool, c =>
        {
            c.Status = CommitmentStatus.Returned;
            c.ReturnComment = "Opnieuw";
            for (var i = 1; i < 12; i++)
            {
                c.Indicators.Add(new Indicator { Name = $"indicator {i}", Unit = "aantal", Target = i, TargetDate = new DateOnly(2020, 12, 31), SortOrder = i });
            }
        }, ("Provincie Drenthe", 10), ("Drenthe College", 10), ("TU Delft", 10));
        await using (var db = app.CreateAdminDbContext())
        {
            var zuid = await db.Users.SingleAsync(u => u.Email == DemoAccounts.TrekkerZuid);
            for (var i = 0; i < 40; i++)
            {
                db.AuditEntries.Add(new AuditEntry
                {
                    Action = i % 2 == 0 ? AuditActions.CommitmentChanged : AuditActions.CommitmentReturned,
                    EntityType = nameof(Commitment), EntityId = busy.Id.ToString(), OrganizationId = busy.OrganizationId,
                    UserName = "partner.limburg@techniekpact.test",
                    Details = new HistoryDetails(1, [new FieldChange(CommitmentChanges.Title, $"t{i}", $"t{i + 1}")]).ToJson(),
                });
                db.Reviews.Add(new Review { CommitmentId = busy.Id, ReviewerUserId = zuid.Id, Decision = ReviewDecision.Returned, Comment = $"r{i}", DecidedAt = DateTime.UtcNow, Revision = 1 });
            }
            await db.SaveChangesAsync();
        }
        using var limburg = await app.SignInAsync(DemoAccounts.PartnerLimburg);

        var none = await CommandsForAsync(limburg, $"/Commitments/Details/{quiet.Id}");
        var many = await CommandsForAsync(limburg, $"/Commitments/Details/{busy.Id}");

        Assert.Equal(none, many);
        Assert.Equal(6, many); // the commitment and its five parts (split query), its history with its reviews and reviewer names (one UNION ALL)
    }

    [Fact]
    public async Task The_overview_reads_with_the_same_queries_for_a_partner_with_little_or_much_waiting()
    {
        using var drenthe = await app.SignInAsync(DemoAccounts.PartnerDrenthe);
        var few = await CommandsForAsync(drenthe, "/");

        for (var i = 0; i < 30; i++)
        {
            await app.AddCommitmentAsync(DemoAccounts.Drenthe, c => { c.Status = CommitmentStatus.Returned; c.ReturnComment = $"Opmerking {i}"; });
            await app.AddCommitmentAsync(DemoAccounts.Drenthe);
            await app.AddCommitmentAsync(DemoAccounts.GroningenBusiness, null, (DemoAccounts.Drenthe, 20));
        }
        var many = await CommandsForAsync(drenthe, "/");

        Assert.Equal(few, many);
        // Who the partner is with the reporting cycles; counts per status and of updates filed (grouped);
        // updates due and returned updates (one UNION ALL); returned commitments and drafts (one UNION ALL);
        // co-partner requests. Was 9, one statement per list.
        Assert.Equal(5, many);
        var page = await drenthe.PageAsync("/");
        Assert.Equal(Web.Pages.IndexModel.ListSize, page.QuerySelectorAll("section[aria-labelledby=returned] li").Length);
        Assert.NotNull(page.QuerySelector("section[aria-labelledby=returned] a[href='/Commitments?Status=Returned']"));
    }
}
