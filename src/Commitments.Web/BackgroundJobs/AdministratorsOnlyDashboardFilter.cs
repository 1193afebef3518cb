using Commitments.Core.Identity;
using Hangfire.Dashboard;

namespace Commitments.Web.BackgroundJobs;

/// <summary>
/// Hangfire's default lets only local requests in, which is both too open on a shared host and
/// useless in production. Only signed-in administrators may see or act on the jobs.
/// </summary>
public sealed class AdministratorsOnlyDashboardFilter : IDashboardAuthorizationFilter
{
    public bool Authorize(DashboardContext context)
    {
        var user = context.GetHttpContext().User;
        return user.Identity?.IsAuthenticated == true && user.IsInRole(Roles.Administrator);
    }
}
