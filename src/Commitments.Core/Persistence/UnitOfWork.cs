using Commitments.Core.Domain;
using Microsoft.EntityFrameworkCore;

namespace Commitments.Core.Persistence;

public static class UnitOfWork
{
    /// <summary>
    /// Runs work that needs more than one SaveChanges (a row and then its history line, which needs
    /// the row's id) as one transaction. It goes through the execution strategy because PostgreSQL's
    /// retrying strategy refuses transactions started outside it; on a retry the whole block runs again.
    /// </summary>
    public static Task<T> InTransactionAsync<T>(this CommitmentsDbContext db, Func<CancellationToken, Task<T>> work, CancellationToken ct) =>
        db.Database.CreateExecutionStrategy().ExecuteAsync(async token =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync(token);
            var result = await work(token);
            await transaction.CommitAsync(token);
            return result;
        }, ct);

    /// <summary>Adds a line to the history on behalf of the signed-in user (their id and name from the sign-in).</summary>
    public static AuditEntry Audit(this CommitmentsDbContext db, System.Security.Claims.ClaimsPrincipal user, string action,
        string entityType, object? entityId, int? organizationId, string? details = null) =>
        db.Audit(action, entityType, entityId, organizationId,
            user.FindFirst(System.Security.Claims.ClaimTypes.NameIdentifier)?.Value, user.Identity?.Name, details);

    /// <summary>Adds a line to the append-only history; saved with the caller's next SaveChanges.</summary>
    public static AuditEntry Audit(this CommitmentsDbContext db, string action, string entityType, object? entityId,
        int? organizationId, string? userId, string? userName, string? details = null)
    {
        var entry = new AuditEntry
        {
            Action = action,
            EntityType = entityType,
            EntityId = Convert.ToString(entityId, System.Globalization.CultureInfo.InvariantCulture),
            OrganizationId = organizationId,
            UserId = userId,
            UserName = userName,
            Details = details,
        };
        db.AuditEntries.Add(entry);
        return entry;
    }
}
