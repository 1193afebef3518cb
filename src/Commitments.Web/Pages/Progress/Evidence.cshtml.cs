using Commitments.Core.Persistence;
using Commitments.Web.Evidence;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Commitments.Web.Pages.Progress;

/// <summary>
/// Downloads one evidence file. The row is found through the tenant-filtered DbContext (evidence is
/// visible exactly when its commitment is), so whoever may not see the commitment gets 404, the same
/// as for an id that does not exist. The file goes out as an attachment under its cleaned name, which
/// the framework encodes into Content-Disposition (filename and filename*), never into a header of
/// its own; the browser is told not to guess its type (nosniff, for every response) and to run nothing
/// in it (a sandbox policy), and no cache may keep it.
/// </summary>
public class EvidenceModel(CommitmentsDbContext db, EvidenceStorage storage) : PageModel
{
    /// <summary>An unknown handler (<c>?handler=x</c>) would render the empty page: answer 404 instead.</summary>
    public override Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
    {
        if (context.HandlerMethod == null)
        {
            context.Result = NotFound();
            return Task.CompletedTask;
        }
        return next();
    }

    public async Task<IActionResult> OnGetAsync(int id, CancellationToken ct)
    {
        var evidence = await db.ProgressEvidence.AsNoTracking()
            .Where(e => e.Id == id && e.StoredName != null)
            .Select(e => new { e.StoredName, e.FileName, e.ContentType })
            .FirstOrDefaultAsync(ct);
        if (evidence == null || storage.OpenRead(evidence.StoredName) is not { } content)
        {
            return NotFound();
        }
        Response.Headers.CacheControl = "private, no-store";
        Response.Headers.ContentSecurityPolicy = "sandbox; default-src 'none'";
        var name = EvidenceFileName.Clean(evidence.FileName);
        return File(content, EvidenceFileTypes.ServedContentType(evidence.ContentType), name);
    }
}
