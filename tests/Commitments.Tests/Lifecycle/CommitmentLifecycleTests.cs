using System.Security.Claims;
using Commitments.Core.Domain;
using Commitments.Core.Identity;
using Commitments.Web.Lifecycle;
using Microsoft.AspNetCore.Authorization.Infrastructure;

namespace Commitments.Tests.Lifecycle;

/// <summary>
/// The lifecycle as a state machine: every transition from every state, allowed or refused, and who
/// may ask for it (lead partner, co-partner, partner of another organisation, the region's lead, a lead
/// of another region, ministry, administrator).
/// </summary>
public sealed class CommitmentLifecycleTests
{
    private static readonly DateTime Now = new(2018, 5, 1, 8, 0, 0, DateTimeKind.Utc);
    private const int Lead = 10, CoPartner = 11, Other = 12, Noord = 1, Zuid = 3;

    private static Commitment Smart(CommitmentStatus status = CommitmentStatus.Draft) => new()
    {
        Id = 7,
        OrganizationId = Lead,
        Title = "3/4 van de basisscholen",
        Status = status,
        EndDate = new DateOnly(2020, 12, 31),
        BudgetEuros = 1234.56m,
        LeadSharePercent = 60,
        Themes = [new Theme { Id = 1, Name = "Kiezen voor techniek" }],
        CoPartners = [new CommitmentCoPartner { OrganizationId = CoPartner, SharePercent = 40 }],
        Indicators = [new Indicator { Name = "stageplaatsen", Unit = "aantal", Baseline = 0, Target = 120, TargetDate = new DateOnly(2020, 12, 31) }],
    };

    public static TheoryData<CommitmentStatus, string, bool> Transitions() => new()
    {
        { CommitmentStatus.Draft, "submit", true },
        { CommitmentStatus.Returned, "submit", true },
        { CommitmentStatus.Submitted, "submit", false },
        { CommitmentStatus.Approved, "submit", false },
        { CommitmentStatus.Withdrawn, "submit", false },
        { CommitmentStatus.Submitted, "approve", true },
        { CommitmentStatus.Draft, "approve", false },
        { CommitmentStatus.Returned, "approve", false },
        { CommitmentStatus.Approved, "approve", false },
        { CommitmentStatus.Withdrawn, "approve", false },
        { CommitmentStatus.Submitted, "return", true },
        { CommitmentStatus.Draft, "return", false },
        { CommitmentStatus.Returned, "return", false },
        { CommitmentStatus.Approved, "return", false },
        { CommitmentStatus.Withdrawn, "return", false },
        { CommitmentStatus.Submitted, "withdraw", true },
        { CommitmentStatus.Approved, "withdraw", true },
        { CommitmentStatus.Draft, "withdraw", false },
        { CommitmentStatus.Returned, "withdraw", false },
        { CommitmentStatus.Withdrawn, "withdraw", false },
        { CommitmentStatus.Approved, "revise", true },
        { CommitmentStatus.Draft, "revise", false },
        { CommitmentStatus.Submitted, "revise", false },
        { CommitmentStatus.Returned, "revise", false },
        { CommitmentStatus.Withdrawn, "revise", false },
    };

    [Theory]
    [MemberData(nameof(Transitions))]
    public void Each_transition_is_allowed_from_exactly_the_right_states(CommitmentStatus from, string transition, bool allowed)
    {
        var c = Smart(from);
        Action act = transition switch
        {
            "submit" => () => c.Submit(Now),
            "approve" => () => c.Approve("lead", Now),
            "return" => () => c.Return("lead", "Maak het doel concreet.", Now),
            "withdraw" => () => c.Withdraw("Project gaat niet door.", Now),
            "revise" => c.Revise,
            _ => throw new ArgumentOutOfRangeException(nameof(transition)),
        };
        if (allowed)
        {
            act();
            Assert.NotEqual(from, c.Status);
        }
        else
        {
            Assert.Throws<CommitmentLifecycleException>(act);
            Assert.Equal(from, c.Status);
        }
    }

    [Fact]
    public void An_approved_commitment_that_is_revised_keeps_its_approved_revision_until_the_new_one_is_approved()
    {
        var c = Smart();
        c.Submit(Now);
        c.Approve("lead", Now);
        Assert.Equal((1, 1), (c.Revision, c.ApprovedRevision!.Value));
        var first = CommitmentContent.FromJson(c.ApprovedContent)!;

        c.Revise();
        c.Title = "4/4 van de basisscholen";
        Assert.True(c.IsRevisionInProgress);
        Assert.Equal((2, 1), (c.Revision, c.ApprovedRevision!.Value));
        Assert.Equal("3/4 van de basisscholen", CommitmentContent.FromJson(c.ApprovedContent)!.Title);
        Assert.True(c.CanBeWithdrawn);
        Assert.False(c.CanBeDeleted);

        c.Submit(Now);
        c.Return("lead", "Onderbouw de verhoging.", Now);
        Assert.Equal("3/4 van de basisscholen", CommitmentContent.FromJson(c.ApprovedContent)!.Title);
        c.Submit(Now);
        c.Approve("lead", Now);
        Assert.Equal((2, 2), (c.Revision, c.ApprovedRevision!.Value));
        Assert.Equal("4/4 van de basisscholen", CommitmentContent.FromJson(c.ApprovedContent)!.Title);
        Assert.Equal(first.Indicators.Single().Name, CommitmentContent.FromJson(c.ApprovedContent)!.Indicators.Single().Name);
        Assert.Equal([1, 2, 2], c.Reviews.Select(r => r.Revision));
    }

    [Fact]
    public void Returning_needs_a_comment_and_withdrawing_a_reason()
    {
        var c = Smart(CommitmentStatus.Submitted);
        Assert.Throws<CommitmentLifecycleException>(() => c.Return("lead", "  ", Now));
        Assert.Equal(CommitmentStatus.Submitted, c.Status);
        Assert.Throws<CommitmentLifecycleException>(() => c.Withdraw("", Now));
        Assert.Equal(CommitmentStatus.Submitted, c.Status);

        var review = c.Return("lead", "Doel ontbreekt", Now);
        Assert.Equal(("Doel ontbreekt", ReviewDecision.Returned), (review.Comment, review.Decision));
        Assert.Equal("Doel ontbreekt", c.ReturnComment);
        c.Submit(Now);
        Assert.Null(c.ReturnComment);
    }

    public static TheoryData<string, SmartGap> MissingFields() => new()
    {
        { "title", SmartGap.Title },
        { "theme", SmartGap.Theme },
        { "end date", SmartGap.EndDate },
        { "resources", SmartGap.Resources },
        { "indicator", SmartGap.Indicator },
        { "target", SmartGap.IndicatorTarget },
        { "target date", SmartGap.IndicatorTargetDate },
        { "shares", SmartGap.Shares },
    };

    [Theory]
    [MemberData(nameof(MissingFields))]
    public void A_commitment_that_is_not_smart_cannot_be_submitted_and_says_what_is_missing(string missing, SmartGap gap)
    {
        var c = Smart();
        switch (missing)
        {
            case "title": c.Title = " "; break;
            case "theme": c.Themes.Clear(); break;
            case "end date": c.EndDate = null; break;
            case "resources": c.BudgetEuros = null; c.InKindDescription = null; break;
            case "indicator": c.Indicators.Clear(); break;
            case "target": c.Indicators[0].Target = null; break;
            case "target date": c.Indicators[0].TargetDate = null; break;
            case "shares": c.CoPartners[0].SharePercent = 30; break;
        }
        var refused = Assert.Throws<CommitmentNotSmartException>(() => c.Submit(Now));
        Assert.Equal([gap], refused.Gaps);
        Assert.Equal(CommitmentStatus.Draft, c.Status);
    }

    [Fact]
    public void Resources_in_kind_alone_are_enough()
    {
        var c = Smart();
        c.BudgetEuros = null;
        c.InKindDescription = "200 uur begeleiding";
        c.Submit(Now);
        Assert.Equal(CommitmentStatus.Submitted, c.Status);
    }

    private static ClaimsPrincipal User(string role, int? organization = null, int? region = null)
    {
        var claims = new List<Claim> { new(ClaimTypes.Name, role), new(ClaimTypes.Role, role) };
        if (organization != null)
        {
            claims.Add(new Claim(ScopeClaimTypes.OrganizationId, organization.Value.ToString()));
        }
        if (region != null)
        {
            claims.Add(new Claim(ScopeClaimTypes.RegionId, region.Value.ToString()));
        }
        return new ClaimsPrincipal(new ClaimsIdentity(claims, "test"));
    }

    private static readonly Dictionary<string, ClaimsPrincipal> Users = new()
    {
        ["lead partner"] = User(Roles.Partner, organization: Lead),
        ["co-partner"] = User(Roles.Partner, organization: CoPartner),
        ["other partner"] = User(Roles.Partner, organization: Other),
        ["region's lead"] = User(Roles.RegionalLead, region: Noord),
        ["other region's lead"] = User(Roles.RegionalLead, region: Zuid),
        ["ministry"] = User(Roles.Ministry),
        ["administrator"] = User(Roles.Administrator),
    };

    private static readonly Dictionary<string, OperationAuthorizationRequirement> Operations = new()
    {
        ["edit"] = CommitmentOperations.Edit,
        ["submit"] = CommitmentOperations.Submit,
        ["withdraw"] = CommitmentOperations.Withdraw,
        ["delete"] = CommitmentOperations.Delete,
        ["review"] = CommitmentOperations.Review,
        ["answer"] = CommitmentOperations.AnswerAsCoPartner,
    };

    /// <summary>Who may ask for what, per state: every role × operation × state not listed is refused.</summary>
    private static readonly HashSet<(string User, string Operation, CommitmentStatus Status)> Allowed =
    [
        ("lead partner", "edit", CommitmentStatus.Draft), ("lead partner", "edit", CommitmentStatus.Returned), ("lead partner", "edit", CommitmentStatus.Approved),
        ("lead partner", "submit", CommitmentStatus.Draft), ("lead partner", "submit", CommitmentStatus.Returned),
        ("lead partner", "withdraw", CommitmentStatus.Submitted), ("lead partner", "withdraw", CommitmentStatus.Approved),
        ("lead partner", "delete", CommitmentStatus.Draft),
        ("region's lead", "review", CommitmentStatus.Submitted), ("administrator", "review", CommitmentStatus.Submitted),
        ("co-partner", "answer", CommitmentStatus.Draft), ("co-partner", "answer", CommitmentStatus.Submitted),
        ("co-partner", "answer", CommitmentStatus.Returned), ("co-partner", "answer", CommitmentStatus.Approved),
    ];

    public static TheoryData<string, string, CommitmentStatus> Everyone()
    {
        var data = new TheoryData<string, string, CommitmentStatus>();
        foreach (var user in Users.Keys)
        {
            foreach (var operation in Operations.Keys)
            {
                foreach (var status in Enum.GetValues<CommitmentStatus>())
                {
                    data.Add(user, operation, status);
                }
            }
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Everyone))]
    public void Who_may_ask_for_what(string user, string operation, CommitmentStatus status)
    {
        var access = new CommitmentAccess(Lead, Noord, status, ApprovedRevision: null, CycleFrozen: false, [CoPartner]);
        Assert.Equal(Allowed.Contains((user, operation, status)),
            CommitmentAuthorizationHandler.Allows(Users[user], Operations[operation], access));
    }

    [Fact]
    public void A_frozen_cycle_takes_no_changes_from_anyone()
    {
        var access = new CommitmentAccess(Lead, Noord, CommitmentStatus.Draft, null, CycleFrozen: true, [CoPartner]);
        foreach (var (user, principal) in Users)
        {
            foreach (var (name, operation) in Operations)
            {
                Assert.False(CommitmentAuthorizationHandler.Allows(principal, operation, access), $"{user} {name}");
            }
        }
    }
}
