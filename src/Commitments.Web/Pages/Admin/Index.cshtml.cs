using Commitments.Core.Persistence;
using Commitments.Web.Identity;
using Hangfire;
using Hangfire.Storage;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Commitments.Web.Pages.Admin;

[Authorize(Policy = Policies.Administrator)]
public class IndexModel(CommitmentsDbContext db, JobStorage jobStorage) : PageModel
{
    public IReadOnlyList<RecurringJobDto> RecurringJobs { get; private set; } = [];
    public int Organizations { get; private set; }
    public int Users { get; private set; }
    public int PendingMail { get; private set; }
    public int FailedMail { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        using var connection = jobStorage.GetConnection();
        RecurringJobs = connection.GetRecurringJobs();
        Organizations = await db.Organizations.CountAsync(ct);
        Users = await db.Users.CountAsync(ct);
        PendingMail = await db.OutboxMessages.CountAsync(m => m.SentAt == null && m.FailedAt == null, ct);
        FailedMail = await db.OutboxMessages.CountAsync(m => m.FailedAt != null, ct);
    }
}
