using Microsoft.AspNetCore.Authorization;

namespace Commitments.Web.Lifecycle;

public static class LifecycleSetup
{
    /// <summary>Who may do what to a commitment (one handler), and the mails that follow each step.</summary>
    public static IServiceCollection AddCommitmentLifecycle(this IServiceCollection services)
    {
        services.AddSingleton<IAuthorizationHandler, CommitmentAuthorizationHandler>();
        services.AddScoped<LifecycleNotifications>();
        return services;
    }
}
