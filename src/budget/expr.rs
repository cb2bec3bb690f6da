//! Formulas and checks: `arets-resultat / (skatteintakter + statsbidrag) * 100`,
//! `summa-tillgangar == summa-ek-och-skulder`.
//!
//! Row ids may contain `-`, so a minus between two ids needs spaces around it:
//! `a - b` subtracts, `a-b` is the id `a-b`.

use rust_decimal::Decimal;

/// Deeper nesting than this is refused rather than risking the stack.
const MAX_DEPTH: usize = 64;

#[derive(Debug, Clone, PartialEq)]
pub enum Expr {
    Number(Decimal),
    Ref(RowRef),
    Neg(Box<Expr>),
    Binary(Op, Box<Expr>, Box<Expr>),
    /// `previous(x)`: `x` in the column before this one; no figure in the
    /// first column.
    Previous(Box<Expr>),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Op {
    Add,
    Sub,
    Mul,
    Div,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Comparison {
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
}

impl Comparison {
    pub fn symbol(self) -> &'static str {
        match self {
            Comparison::Eq => "==",
            Comparison::Ne => "!=",
            Comparison::Lt => "<",
            Comparison::Le => "<=",
            Comparison::Gt => ">",
            Comparison::Ge => ">=",
        }
    }

    pub fn holds(self, left: Decimal, right: Decimal) -> bool {
        match self {
            Comparison::Eq => left == right,
            Comparison::Ne => left != right,
            Comparison::Lt => left < right,
            Comparison::Le => left <= right,
            Comparison::Gt => left > right,
            Comparison::Ge => left >= right,
        }
    }
}

/// `row-id` or `block-id.row-id`, with its byte range in the formula text.
#[derive(Debug, Clone, PartialEq)]
pub struct RowRef {
    pub block: Option<String>,
    pub row: String,
    pub offset: usize,
    pub len: usize,
}

impl std::fmt::Display for RowRef {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.block {
            Some(block) => write!(f, "{block}.{}", self.row),
            None => f.write_str(&self.row),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyntaxError {
    pub message: String,
    /// Byte offset in the formula text.
    pub offset: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EvalError {
    DivisionByZero,
    Overflow,
}

impl Expr {
    /// Every row reference, in order of appearance.
    pub fn refs(&self) -> Vec<&RowRef> {
        let mut refs = Vec::new();
        self.collect_refs(&mut refs);
        refs
    }

    /// The references read in the column being computed, not those under
    /// `previous(…)`: what a figure depends on in its own column. A running
    /// total (`previous(frame) + changes` on the row `frame`) depends on
    /// itself only in the column before, which is no cycle.
    pub fn same_column_refs(&self) -> Vec<&RowRef> {
        let mut refs = Vec::new();
        self.collect_refs_where(&mut refs, false);
        refs
    }

    fn collect_refs<'a>(&'a self, refs: &mut Vec<&'a RowRef>) {
        self.collect_refs_where(refs, true);
    }

    fn collect_refs_where<'a>(&'a self, refs: &mut Vec<&'a RowRef>, under_previous: bool) {
        match self {
            Expr::Number(_) => {}
            Expr::Ref(r) => refs.push(r),
            Expr::Neg(e) => e.collect_refs_where(refs, under_previous),
            Expr::Previous(e) if under_previous => e.collect_refs_where(refs, true),
            Expr::Previous(_) => {}
            Expr::Binary(_, a, b) => {
                a.collect_refs_where(refs, under_previous);
                b.collect_refs_where(refs, under_previous);
            }
        }
    }

    /// Evaluates in `column`, with `value` giving each referenced figure in a
    /// column; `Ok(None)` when a figure is missing (a `~` in the table, or
    /// the column before the first).
    pub fn eval(
        &self,
        column: usize,
        value: &mut dyn FnMut(&RowRef, usize) -> Option<Decimal>,
    ) -> Result<Option<Decimal>, EvalError> {
        Ok(match self {
            Expr::Number(n) => Some(*n),
            Expr::Ref(r) => value(r, column),
            Expr::Neg(e) => e.eval(column, value)?.map(|v| -v),
            Expr::Previous(e) => match column.checked_sub(1) {
                Some(before) => e.eval(before, value)?,
                None => None,
            },
            Expr::Binary(op, a, b) => {
                let (Some(a), Some(b)) = (a.eval(column, value)?, b.eval(column, value)?) else {
                    return Ok(None);
                };
                Some(match op {
                    Op::Add => a.checked_add(b).ok_or(EvalError::Overflow)?,
                    Op::Sub => a.checked_sub(b).ok_or(EvalError::Overflow)?,
                    Op::Mul => a.checked_mul(b).ok_or(EvalError::Overflow)?,
                    Op::Div if b.is_zero() => return Err(EvalError::DivisionByZero),
                    Op::Div => a.checked_div(b).ok_or(EvalError::Overflow)?,
                })
            }
        })
    }
}

#[derive(Debug, Clone, PartialEq)]
enum Token {
    Number(Decimal),
    Ident(RowRef),
    Plus,
    Minus,
    Star,
    Slash,
    Open,
    Close,
    Compare(Comparison),
}

fn tokenize(text: &str) -> Result<Vec<(Token, usize)>, SyntaxError> {
    let mut tokens = Vec::new();
    let mut chars = text.char_indices().peekable();
    while let Some(&(start, c)) = chars.peek() {
        let single = match c {
            c if c.is_whitespace() => {
                chars.next();
                continue;
            }
            '+' => Some(Token::Plus),
            '-' | '\u{2212}' => Some(Token::Minus),
            '*' | '×' => Some(Token::Star),
            '/' => Some(Token::Slash),
            '(' => Some(Token::Open),
            ')' => Some(Token::Close),
            _ => None,
        };
        if let Some(token) = single {
            chars.next();
            tokens.push((token, start));
            continue;
        }
        if matches!(c, '=' | '!' | '<' | '>') {
            chars.next();
            let followed_by_eq = chars.peek().is_some_and(|&(_, n)| n == '=');
            let comparison = match (c, followed_by_eq) {
                ('=', true) => Comparison::Eq,
                ('!', true) => Comparison::Ne,
                ('<', true) => Comparison::Le,
                ('>', true) => Comparison::Ge,
                ('<', false) => Comparison::Lt,
                ('>', false) => Comparison::Gt,
                _ => {
                    return Err(SyntaxError {
                        message: format!(
                            "`{c}` is not an operator; comparisons are == != < <= > >="
                        ),
                        offset: start,
                    })
                }
            };
            if followed_by_eq {
                chars.next();
            }
            tokens.push((Token::Compare(comparison), start));
            continue;
        }
        // Letters beyond ASCII are read into the word, so that
        // `årets-resultat` is refused as one id, with the one meant.
        if c.is_alphanumeric() {
            let mut end = start;
            while let Some(&(i, n)) = chars.peek() {
                if n.is_alphanumeric() || n == '-' || n == '.' || n == '_' {
                    end = i + n.len_utf8();
                    chars.next();
                } else {
                    break;
                }
            }
            let word = &text[start..end];
            tokens.push((word_token(word, start)?, start));
            continue;
        }
        return Err(SyntaxError {
            message: format!("unexpected `{c}`"),
            offset: start,
        });
    }
    Ok(tokens)
}

fn word_token(word: &str, offset: usize) -> Result<Token, SyntaxError> {
    if word.bytes().all(|b| b.is_ascii_digit() || b == b'.') {
        return Decimal::from_str_exact(word)
            .map(Token::Number)
            .map_err(|_| SyntaxError {
                message: format!("`{word}` is not a number"),
                offset,
            });
    }
    let (block, row) = match word.split_once('.') {
        Some((block, row)) => (Some(block), row),
        None => (None, word),
    };
    if !block.into_iter().chain([row]).all(is_valid_id) {
        let meant: Vec<String> = block
            .into_iter()
            .chain([row])
            .map(crate::parse::slug::slugify)
            .collect();
        let meant = meant.join(".");
        let message = if meant != word && meant.split('.').all(is_valid_id) {
            format!("`{word}` is not a row id (ids use a-z, 0-9 and `-`): `{meant}`?")
        } else {
            format!("`{word}` is not a row id (ids use a-z, 0-9 and `-`)")
        };
        return Err(SyntaxError { message, offset });
    }
    Ok(Token::Ident(RowRef {
        block: block.map(str::to_string),
        row: row.to_string(),
        offset,
        len: word.len(),
    }))
}

/// Ids are lowercase ASCII letters, digits and inner hyphens.
pub fn is_valid_id(id: &str) -> bool {
    !id.is_empty()
        && !id.starts_with('-')
        && !id.ends_with('-')
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

struct Parser<'a> {
    tokens: &'a [(Token, usize)],
    position: usize,
    end: usize,
    depth: usize,
}

impl Parser<'_> {
    fn peek(&self) -> Option<&Token> {
        self.tokens.get(self.position).map(|(t, _)| t)
    }

    fn offset(&self) -> usize {
        self.tokens.get(self.position).map_or(self.end, |&(_, o)| o)
    }

    fn error(&self, message: impl Into<String>) -> SyntaxError {
        SyntaxError {
            message: message.into(),
            offset: self.offset(),
        }
    }

    fn expression(&mut self) -> Result<Expr, SyntaxError> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(self.error(format!("nested deeper than {MAX_DEPTH} levels")));
        }
        let mut left = self.term()?;
        while let Some(op) = match self.peek() {
            Some(Token::Plus) => Some(Op::Add),
            Some(Token::Minus) => Some(Op::Sub),
            _ => None,
        } {
            self.position += 1;
            left = Expr::Binary(op, Box::new(left), Box::new(self.term()?));
        }
        self.depth -= 1;
        Ok(left)
    }

    fn term(&mut self) -> Result<Expr, SyntaxError> {
        let mut left = self.factor()?;
        while let Some(op) = match self.peek() {
            Some(Token::Star) => Some(Op::Mul),
            Some(Token::Slash) => Some(Op::Div),
            _ => None,
        } {
            self.position += 1;
            left = Expr::Binary(op, Box::new(left), Box::new(self.factor()?));
        }
        Ok(left)
    }

    fn factor(&mut self) -> Result<Expr, SyntaxError> {
        let token = self.peek().cloned();
        match token {
            Some(Token::Minus) => {
                self.position += 1;
                self.depth += 1;
                if self.depth > MAX_DEPTH {
                    return Err(self.error(format!("nested deeper than {MAX_DEPTH} levels")));
                }
                let inner = self.factor()?;
                self.depth -= 1;
                Ok(Expr::Neg(Box::new(inner)))
            }
            Some(Token::Number(n)) => {
                self.position += 1;
                Ok(Expr::Number(n))
            }
            Some(Token::Ident(r))
                if r.block.is_none()
                    && r.row == "previous"
                    && self.tokens.get(self.position + 1).map(|(t, _)| t) == Some(&Token::Open) =>
            {
                self.position += 2;
                let inner = self.expression()?;
                if self.peek() != Some(&Token::Close) {
                    return Err(self.error("missing `)` after `previous(`"));
                }
                self.position += 1;
                Ok(Expr::Previous(Box::new(inner)))
            }
            Some(Token::Ident(r)) => {
                self.position += 1;
                Ok(Expr::Ref(r))
            }
            Some(Token::Open) => {
                self.position += 1;
                let inner = self.expression()?;
                if self.peek() != Some(&Token::Close) {
                    return Err(self.error("missing `)`"));
                }
                self.position += 1;
                Ok(inner)
            }
            Some(_) => Err(self.error("expected a number, a row id or `(`")),
            None => Err(self.error("the formula ends too early")),
        }
    }
}

/// Parses an arithmetic formula.
pub fn parse_formula(text: &str) -> Result<Expr, SyntaxError> {
    let tokens = tokenize(text)?;
    let mut parser = Parser {
        tokens: &tokens,
        position: 0,
        end: text.len(),
        depth: 0,
    };
    let expr = parser.expression()?;
    match parser.peek() {
        None => Ok(expr),
        Some(Token::Compare(_)) => Err(parser.error("a formula cannot compare; use `checks:`")),
        Some(_) => Err(parser.error("expected an operator")),
    }
}

/// Parses a check: two formulas joined by a comparison.
pub fn parse_check(text: &str) -> Result<(Expr, Comparison, Expr), SyntaxError> {
    let tokens = tokenize(text)?;
    let mut parser = Parser {
        tokens: &tokens,
        position: 0,
        end: text.len(),
        depth: 0,
    };
    let left = parser.expression()?;
    let Some(Token::Compare(comparison)) = parser.peek().cloned() else {
        return Err(parser.error("expected a comparison such as `==`"));
    };
    parser.position += 1;
    let right = parser.expression()?;
    if parser.peek().is_some() {
        return Err(parser.error("expected an operator"));
    }
    Ok((left, comparison, right))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Decimal {
        Decimal::from_str_exact(s).unwrap()
    }

    fn eval(text: &str, values: &[(&str, &str)]) -> Result<Option<Decimal>, EvalError> {
        parse_formula(text).unwrap().eval(0, &mut |r, _| {
            let name = r.to_string();
            values.iter().find(|(k, _)| *k == name).map(|(_, v)| d(v))
        })
    }

    #[test]
    fn evaluates_the_result_ratio_exactly() {
        let values = [
            ("arets-resultat", "143"),
            ("skatteintakter", "2571"),
            ("statsbidrag", "785"),
        ];
        let ratio = eval(
            "arets-resultat / (skatteintakter + statsbidrag) * 100",
            &values,
        )
        .unwrap()
        .unwrap();
        assert_eq!(ratio.round_dp(1), d("4.3"));
    }

    #[test]
    fn precedence_minus_and_cross_block_refs() {
        let values = [("a", "10"), ("b.c-d", "4")];
        assert_eq!(eval("a - b.c-d * 2", &values), Ok(Some(d("2"))));
        assert_eq!(eval("-(a − 4) / 2", &values), Ok(Some(d("-3"))));
        assert_eq!(eval("a - missing", &values), Ok(None));
    }

    #[test]
    fn arithmetic_failures_are_errors() {
        assert_eq!(
            eval("1 / (a - a)", &[("a", "3")]),
            Err(EvalError::DivisionByZero)
        );
        let big = "79228162514264337593543950335";
        assert_eq!(eval(&format!("{big} * 2"), &[]), Err(EvalError::Overflow));
    }

    #[test]
    fn syntax_errors_point_at_the_problem() {
        let error = |t: &str| parse_formula(t).unwrap_err();
        assert_eq!(error("a + * b").offset, 4);
        assert_eq!(error("(a + b").offset, 6);
        assert_eq!(error("a b").message, "expected an operator");
        assert_eq!(
            error("A + b").message,
            "`A` is not a row id (ids use a-z, 0-9 and `-`): `a`?"
        );
        assert_eq!(
            error("a == resultat.årets-resultat").message,
            "`resultat.årets-resultat` is not a row id (ids use a-z, 0-9 and `-`): `resultat.arets-resultat`?"
        );
        assert_eq!(error("a == resultat.årets-resultat").offset, 5);
        assert_eq!(error("a ; b").message, "unexpected `;`");
        assert_eq!(error("a = b").offset, 2);
        let deep = format!("{}1{}", "(".repeat(100), ")".repeat(100));
        assert!(error(&deep).message.contains("nested deeper"));
        let negations = format!("{}1", "-".repeat(100));
        assert!(error(&negations).message.contains("nested deeper"));
    }

    #[test]
    fn references_under_previous_are_not_in_the_same_column() {
        let expr = parse_formula("previous(frame) + changes - previous(a + b)").unwrap();
        let names = |refs: Vec<&RowRef>| refs.iter().map(|r| r.row.clone()).collect::<Vec<_>>();
        assert_eq!(names(expr.refs()), ["frame", "changes", "a", "b"]);
        assert_eq!(names(expr.same_column_refs()), ["changes"]);
    }

    #[test]
    fn previous_reads_the_column_before() {
        let expr = parse_formula("a / previous(a) * 100 - 100").unwrap();
        let figures = [d("100"), d("110"), d("121")];
        let mut value = |_: &RowRef, column: usize| figures.get(column).copied();
        assert_eq!(expr.eval(0, &mut value), Ok(None));
        assert_eq!(expr.eval(1, &mut value), Ok(Some(d("10"))));
        assert_eq!(expr.eval(2, &mut value), Ok(Some(d("10"))));
        assert!(parse_formula("previous(a").is_err());
    }

    #[test]
    fn checks_have_one_comparison() {
        let (left, comparison, right) = parse_check("summa-a == summa-b").unwrap();
        assert_eq!(comparison, Comparison::Eq);
        assert_eq!(left.refs()[0].row, "summa-a");
        assert_eq!(right.refs()[0].offset, 11);
        assert!(parse_check("a + b").is_err());
        assert!(parse_check("a == b == c").is_err());
    }
}
