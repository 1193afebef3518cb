using Commitments.Web.Evidence;

namespace Commitments.Web.Progress;

public static class ProgressSetup
{
    /// <summary>Progress updates: evidence file storage and the mails that follow each step.</summary>
    public static IServiceCollection AddProgressReporting(this IServiceCollection services)
    {
        services.AddEvidenceStorage();
        services.AddScoped<ProgressNotifications>();
        return services;
    }
}
