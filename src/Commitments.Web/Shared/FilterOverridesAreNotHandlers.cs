using Microsoft.AspNetCore.Mvc.ApplicationModels;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Commitments.Web;

/// <summary>
/// Razor Pages takes every public method named On{Verb}{Name} for a handler, and that includes a page's
/// override of <see cref="PageModel.OnPageHandlerExecutionAsync"/>: it became a handler for the HTTP
/// method "PAGE" (handler "HandlerExecution"), which any signed-in user could call with a custom method
/// and an anti-forgery token, and which answered 500. An override of a <see cref="PageModel"/> method is
/// never a handler: this convention removes those (found by the route × role matrix test).
/// </summary>
public sealed class FilterOverridesAreNotHandlers : IPageApplicationModelConvention
{
    public void Apply(PageApplicationModel model)
    {
        foreach (var handler in model.HandlerMethods.Where(h => h.MethodInfo.GetBaseDefinition().DeclaringType is { } declaring
                                                                && declaring.IsAssignableFrom(typeof(PageModel))).ToList())
        {
            model.HandlerMethods.Remove(handler);
        }
    }
}
