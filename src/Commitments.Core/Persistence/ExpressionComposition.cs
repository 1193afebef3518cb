using System.Linq.Expressions;

namespace Commitments.Core.Persistence;

internal static class ExpressionComposition
{
    /// <summary>
    /// Turns a predicate over <typeparamref name="TTarget"/> into one over <typeparamref name="TSource"/>
    /// by following a navigation, so that one visibility rule serves every dependent entity.
    /// </summary>
    public static Expression<Func<TSource, bool>> Through<TTarget, TSource>(
        this Expression<Func<TTarget, bool>> predicate,
        Expression<Func<TSource, TTarget>> navigation)
    {
        var body = new ParameterReplacer(predicate.Parameters[0], navigation.Body).Visit(predicate.Body);
        return Expression.Lambda<Func<TSource, bool>>(body, navigation.Parameters);
    }

    private sealed class ParameterReplacer(ParameterExpression from, Expression to) : ExpressionVisitor
    {
        protected override Expression VisitParameter(ParameterExpression node) => node == from ? to : node;
    }
}
