namespace Commitments.Web.Evidence;

public static class EvidenceSetup
{
    /// <summary>
    /// Evidence files in the data folder (see <see cref="EvidenceStorage"/>). Needs the database
    /// registration, which provides the data folder. Upload pages carry <see cref="EvidenceUploadLimitAttribute"/>.
    /// </summary>
    public static IServiceCollection AddEvidenceStorage(this IServiceCollection services)
    {
        services.AddSingleton<EvidenceStorage>();
        return services;
    }
}
