using Commitments.Core.Tenancy;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;

namespace Commitments.Web.Tenancy;

/// <summary>
/// The data layer refuses a write outside the user's scope (<see cref="DataScopeViolationException"/>).
/// Pages load what they change through the filtered queries first, so normally a forged id is a 404
/// before it gets this far; when it does get here, the answer is 403 Forbidden with the ordinary error
/// page, never a 500, and the refusal is logged for whoever investigates.
/// </summary>
public sealed class DataScopeRefusalFilter(ILogger<DataScopeRefusalFilter> logger) : IExceptionFilter
{
    public void OnException(ExceptionContext context)
    {
        if (context.Exception is not DataScopeViolationException refused)
        {
            return;
        }
        logger.LogWarning("Write refused by the tenancy guard on {Path}: {Reason}", context.HttpContext.Request.Path, refused.Message);
        context.Result = new StatusCodeResult(StatusCodes.Status403Forbidden);
        context.ExceptionHandled = true;
    }
}
