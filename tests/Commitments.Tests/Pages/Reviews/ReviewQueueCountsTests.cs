using System.Net;
using AngleSharp.Html.Dom;
using Commitments.Core.Domain;
using Commitments.Tests.FrozenReports;
using Commitments.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Commitments.Tests.Pages.Reviews;

/// <summary>
/// The queue's counts are kept between requests until the data changes (the dashboards' cache by data
/// version): what the lead reads must still follow every change that adds to or takes from the queue.
/// </summary>
public sealed class ReviewQueueCountsTests(CommitmentsWebFactory app) : IClassFixture<CommitmentsWebFactory>
{
    private static string Url(int id, string? handler = null) => $"/Reviews/Review/{id}" + (handler is null ? "" : $"?handler={handler}");

    private sealed record Queue(string Commitments, string Updates, IHtmlDocument Page)
    {
        public bool Lists(int commitmentId) => Page.QuerySelector($"main a[href='/Reviews/Review/{commitmentId}']") != null;
    }

    private static async Task<Queue> QueueAsync(TestBrowser lead)
    {
        var (response, page) = await lead.GetPageAsync("/Reviews");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var status = page.QuerySelectorAll("main p[role=status]").Select(p => p.TextContent).ToList();
        return new Queue(status[0], status[1], page);
    }

    /// <summary>What the queue of Noord holds according to the database, as the page words it.</summary>
    private async Task<(string Commitments, string Updates)> ExpectedAsync()
    {
        await using var db = app.CreateAdminDbContext();
        var commitments = await db.Commitments.CountAsync(c => c.Status == CommitmentStatus.Submitted && c.ReportingCycle!.FrozenAt == null && c.Organization!.Region!.Code == "noord");
        var updates = await db.ProgressUpdates.CountAsync(u => u.Status == ProgressUpdateStatus.Submitted && u.ReportingCycle!.FrozenAt == null && u.Commitment!.Organization!.Region!.Code == "noord");
        return ($"{commitments} toezegging(en) wachten op beoordeling.", $"{updates} voortgangsrapportage(s) wachten op beoordeling.");
    }

    [Fact]
    public async Task The_counts_follow_a_submission_a_decision_and_a_freeze()
    {
        using var lead = await app.SignInAsync(DemoAccounts.TrekkerNoord);
        var first = await QueueAsync(lead);
        Assert.Equal(await ExpectedAsync(), (first.Commitments, first.Updates));

        // A new submission is counted and listed at once.
        var added = await ReviewTestData.SubmittedAsync(app, DemoAccounts.Drenthe, "Telt mee in de wachtrij", cycleYear: 2018);
        var afterSubmission = await QueueAsync(lead);
        Assert.Equal(await ExpectedAsync(), (afterSubmission.Commitments, afterSubmission.Updates));
        Assert.NotEqual(first.Commitments, afterSubmission.Commitments);
        Assert.True(afterSubmission.Lists(added.Id));

        // The lead's decision takes it out of the count.
        var (_, review) = await lead.GetPageAsync(Url(added.Id));
        var version = Guid.Parse(review.QuerySelector("input[name='Form.Version']")!.GetAttribute("value")!);
        var approved = await lead.PostFormAsync(Url(added.Id, "Approve"), ReviewTestData.Decision(version), tokenFrom: Url(added.Id));
        Assert.Equal(HttpStatusCode.Redirect, approved.StatusCode);
        var afterDecision = await QueueAsync(lead);
        Assert.Equal((first.Commitments, first.Updates), (afterDecision.Commitments, afterDecision.Updates));
        Assert.False(afterDecision.Lists(added.Id));

        // Freezing the year takes its submissions out of the queue (a frozen year takes no decisions);
        // the freeze changes no commitment, so it must raise the data version itself.
        var waitsInFrozenYear = await ReviewTestData.SubmittedAsync(app, DemoAccounts.Drenthe, "Wacht in een jaar dat bevriest", cycleYear: 2018);
        var beforeFreeze = await QueueAsync(lead);
        Assert.True(beforeFreeze.Lists(waitsInFrozenYear.Id));
        await FrozenReportsSupport.FreezeAsync(app, 2018);
        var afterFreeze = await QueueAsync(lead);
        Assert.Equal(await ExpectedAsync(), (afterFreeze.Commitments, afterFreeze.Updates));
        Assert.NotEqual(beforeFreeze.Commitments, afterFreeze.Commitments);
        Assert.False(afterFreeze.Lists(waitsInFrozenYear.Id));
    }
}
