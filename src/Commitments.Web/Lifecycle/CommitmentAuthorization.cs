using System.Security.Claims;
using Commitments.Core.Domain;
using Commitments.Core.Tenancy;
using Commitments.Web.Tenancy;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Infrastructure;

namespace Commitments.Web.Lifecycle;

/// <summary>What a user may ask of one commitment. Pages, handlers and navigation all ask through these.</summary>
public static class CommitmentOperations
{
    /// <summary>Change the text, themes, co-partners, shares or indicators (an approved one starts a new revision).</summary>
    public static readonly OperationAuthorizationRequirement Edit = new() { Name = nameof(Edit) };
    public static readonly OperationAuthorizationRequirement Submit = new() { Name = nameof(Submit) };
    public static readonly OperationAuthorizationRequirement Withdraw = new() { Name = nameof(Withdraw) };
    public static readonly OperationAuthorizationRequirement Delete = new() { Name = nameof(Delete) };

    /// <summary>Approve or return (the regional lead of the lead partner's region, or an administrator).</summary>
    public static readonly OperationAuthorizationRequirement Review = new() { Name = nameof(Review) };

    /// <summary>Confirm or decline being named co-partner.</summary>
    public static readonly OperationAuthorizationRequirement AnswerAsCoPartner = new() { Name = nameof(AnswerAsCoPartner) };
}

/// <summary>
/// The facts about a commitment that decide who may do what with it. Made from a loaded commitment
/// (<see cref="Of(Commitment)"/>, organisation and co-partners loaded) or from a list projection.
/// </summary>
public sealed record CommitmentAccess(
    int OrganizationId,
    int RegionId,
    CommitmentStatus Status,
    int? ApprovedRevision,
    bool CycleFrozen,
    IReadOnlyCollection<int> CoPartnerOrganizationIds)
{
    public static CommitmentAccess Of(Commitment c) => new(
        c.OrganizationId,
        c.Organization?.RegionId ?? throw new InvalidOperationException("Load the commitment's organisation to decide access."),
        c.Status,
        c.ApprovedRevision,
        c.ReportingCycle?.FrozenAt != null,
        c.CoPartners.Select(p => p.OrganizationId).ToList());

    /// <summary>The lifecycle's own rules, on a throwaway commitment with these facts.</summary>
    internal Commitment Probe() => new() { Title = "", Status = Status, ApprovedRevision = ApprovedRevision };
}

/// <summary>
/// The one place that says who may do what to a commitment: the lead partner edits, submits,
/// withdraws and deletes its own; the regional lead of the lead partner's region (or an administrator)
/// reviews; a named co-partner answers its request. Ministries only read. The lifecycle in the domain
/// says which transitions the commitment's state allows; a frozen cycle takes no changes at all.
/// </summary>
public sealed class CommitmentAuthorizationHandler : AuthorizationHandler<OperationAuthorizationRequirement, CommitmentAccess>
{
    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, OperationAuthorizationRequirement requirement, CommitmentAccess resource)
    {
        if (Allows(context.User, requirement, resource))
        {
            context.Succeed(requirement);
        }
        return Task.CompletedTask;
    }

    public static bool Allows(ClaimsPrincipal user, OperationAuthorizationRequirement operation, CommitmentAccess c)
    {
        if (c.CycleFrozen)
        {
            return false;
        }
        var scope = DataScopeAccessor.FromUser(user);
        var isLeadPartner = scope.IsOrganization(c.OrganizationId);
        var probe = c.Probe();
        return operation.Name switch
        {
            nameof(CommitmentOperations.Edit) => isLeadPartner && (probe.IsOpenForChanges || probe.CanBeRevised),
            nameof(CommitmentOperations.Submit) => isLeadPartner && probe.CanBeSubmitted,
            nameof(CommitmentOperations.Withdraw) => isLeadPartner && probe.CanBeWithdrawn,
            nameof(CommitmentOperations.Delete) => isLeadPartner && probe.CanBeDeleted,
            nameof(CommitmentOperations.Review) => probe.CanBeReviewed
                && ((scope.Kind == DataScopeKind.Region && scope.RegionId == c.RegionId) || scope.Kind == DataScopeKind.Everything),
            nameof(CommitmentOperations.AnswerAsCoPartner) => scope.Kind == DataScopeKind.Organization
                && c.CoPartnerOrganizationIds.Contains(scope.OrganizationId!.Value)
                && c.Status is not CommitmentStatus.Withdrawn,
            _ => false,
        };
    }
}
