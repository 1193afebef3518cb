using Commitments.Core.Domain;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.Mvc.ViewFeatures;

namespace Commitments.Web.FrozenReports;

/// <summary>
/// The data layer refuses every change to a frozen cycle (<see cref="FrozenCycleException"/>). Pages
/// normally offer no form for a frozen cycle at all; a form opened before the freeze and posted after it
/// gets here and answers 409 Conflict with a page that says why in the reader's language, never a 500.
/// The exception's own message stays in both languages: the data layer knows no reader, and the log
/// reads it.
/// </summary>
public sealed class FrozenCycleRefusalFilter(ILogger<FrozenCycleRefusalFilter> logger) : IExceptionFilter
{
    public const string ViewPath = "/Pages/Shared/FrozenCycle.cshtml";

    public void OnException(ExceptionContext context)
    {
        if (context.Exception is not FrozenCycleException frozen)
        {
            return;
        }
        logger.LogInformation("Change refused on {Path}: {Reason}", context.HttpContext.Request.Path, frozen.Message);
        context.Result = new ViewResult
        {
            ViewName = ViewPath,
            StatusCode = StatusCodes.Status409Conflict,
            ViewData = new ViewDataDictionary(new EmptyModelMetadataProvider(), context.ModelState) { Model = ReaderMessage(frozen) },
        };
        context.ExceptionHandled = true;
    }

    private static string ReaderMessage(FrozenCycleException frozen) => frozen.Year is { } year
        ? frozen.BeingFrozen
            ? Messages.Text("Rapportagejaar {0} wordt nu bevroren: er kan niets meer aan worden toegevoegd of gewijzigd.", year)
            : Messages.Text("Rapportagejaar {0} is bevroren: er kan niets meer aan worden toegevoegd of gewijzigd.", year)
        : Messages.Text("Een bevroren rapportage verandert nooit.");
}
