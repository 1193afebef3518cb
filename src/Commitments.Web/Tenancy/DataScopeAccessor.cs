using System.Security.Claims;
using Commitments.Core.Identity;
using Commitments.Core.Tenancy;

namespace Commitments.Web.Tenancy;

/// <summary>
/// The data scope of one request or one background job (registered scoped). In a request it follows
/// from the signed-in user's role and organisation or region claims. A job, a report run or start-up
/// code has no user and sees nothing until it calls <see cref="Widen"/>, which names why; that makes
/// every place that sees more than its user easy to find.
/// </summary>
public sealed class DataScopeAccessor(IHttpContextAccessor httpContextAccessor) : IDataScopeAccessor
{
    private DataScope? _explicit;
    private DataScope? _fromUser;

    public DataScope Current => _explicit ?? (_fromUser ??= FromUser(httpContextAccessor.HttpContext?.User));

    /// <summary>
    /// Sets a wider (or narrower) scope until the returned handle is disposed, then restores the one
    /// before: <c>using (scope.Widen(DataScope.Everything("why"))) { … }</c>. Bounded on purpose, so that
    /// code after the block runs with the user's own scope again.
    /// </summary>
    public IDisposable Widen(DataScope scope)
    {
        var previous = _explicit;
        _explicit = scope;
        return new Restore(this, previous);
    }

    private sealed class Restore(DataScopeAccessor accessor, DataScope? previous) : IDisposable
    {
        private bool _done;

        public void Dispose()
        {
            if (!_done)
            {
                accessor._explicit = previous;
                _done = true;
            }
        }
    }

    public static DataScope FromUser(ClaimsPrincipal? user)
    {
        if (user?.Identity?.IsAuthenticated != true)
        {
            return DataScope.None;
        }
        var who = user.Identity.Name ?? "user";
        if (user.IsInRole(Roles.Administrator))
        {
            return DataScope.Everything($"administrator {who}");
        }
        if (user.IsInRole(Roles.Ministry))
        {
            return DataScope.NationalReadOnly($"ministry {who}");
        }
        if (user.IsInRole(Roles.RegionalLead) && int.TryParse(user.FindFirstValue(ScopeClaimTypes.RegionId), out var regionId))
        {
            return DataScope.ForRegion(regionId, $"regional lead {who}");
        }
        if (user.IsInRole(Roles.Partner) && int.TryParse(user.FindFirstValue(ScopeClaimTypes.OrganizationId), out var organizationId))
        {
            return DataScope.ForOrganization(organizationId, $"partner {who}");
        }
        // A role without its anchor (a lead without region) must not fall through to more access.
        return DataScope.None;
    }
}
