using Commitments.Core.Domain;

namespace Commitments.Tests.Lifecycle;

/// <summary>The progress update as a state machine: every transition from every state, allowed or refused.</summary>
public sealed class ProgressUpdateLifecycleTests
{
    private static readonly DateTime Now = new(2018, 5, 1, 8, 0, 0, DateTimeKind.Utc);

    private static ProgressUpdate In(ProgressUpdateStatus status) =>
        new() { Id = 5, CommitmentId = 7, Status = status, ReturnComment = status == ProgressUpdateStatus.Returned ? "eerder" : null };

    public static TheoryData<ProgressUpdateStatus, string, bool> Transitions() => new()
    {
        { ProgressUpdateStatus.Draft, "submit", true },
        { ProgressUpdateStatus.Returned, "submit", true },
        { ProgressUpdateStatus.Submitted, "submit", false },
        { ProgressUpdateStatus.Approved, "submit", false },
        { ProgressUpdateStatus.Submitted, "approve", true },
        { ProgressUpdateStatus.Draft, "approve", false },
        { ProgressUpdateStatus.Returned, "approve", false },
        { ProgressUpdateStatus.Approved, "approve", false },
        { ProgressUpdateStatus.Submitted, "return", true },
        { ProgressUpdateStatus.Draft, "return", false },
        { ProgressUpdateStatus.Returned, "return", false },
        { ProgressUpdateStatus.Approved, "return", false },
    };

    [Theory]
    [MemberData(nameof(Transitions))]
    public void Only_allowed_transitions_happen(ProgressUpdateStatus from, string transition, bool allowed)
    {
        var update = In(from);
        Action act = transition switch
        {
            "submit" => () => update.Submit(Now),
            "approve" => () => update.Approve("lead", 2, Now),
            _ => () => update.Return("lead", "Licht toe", 2, Now),
        };
        if (allowed)
        {
            act();
            Assert.Equal(transition switch { "submit" => ProgressUpdateStatus.Submitted, "approve" => ProgressUpdateStatus.Approved, _ => ProgressUpdateStatus.Returned }, update.Status);
        }
        else
        {
            Assert.Throws<ProgressLifecycleException>(act);
            Assert.Equal(from, update.Status);
        }
    }

    [Fact]
    public void A_decision_is_a_review_of_this_update_on_the_commitments_revision()
    {
        var approved = In(ProgressUpdateStatus.Submitted);
        var review = approved.Approve("lead-1", 3, Now);
        Assert.Equal((7, 5, "lead-1", ReviewDecision.Approved, 3, Now), (review.CommitmentId, review.ProgressUpdateId!.Value, review.ReviewerUserId, review.Decision, review.Revision, review.DecidedAt));
        Assert.Equal(Now, approved.ApprovedAt);

        var returned = In(ProgressUpdateStatus.Submitted);
        var back = returned.Return("lead-1", "Voeg het verslag toe.", 3, Now);
        Assert.Equal("Voeg het verslag toe.", back.Comment);
        Assert.Equal("Voeg het verslag toe.", returned.ReturnComment);

        returned.Submit(Now.AddDays(1));
        Assert.Null(returned.ReturnComment);
        Assert.Equal(Now.AddDays(1), returned.SubmittedAt);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData(null)]
    public void Returning_needs_a_comment(string? comment)
    {
        var update = In(ProgressUpdateStatus.Submitted);
        Assert.Throws<ProgressLifecycleException>(() => update.Return("lead", comment!, 1, Now));
        Assert.Equal(ProgressUpdateStatus.Submitted, update.Status);
    }
}
